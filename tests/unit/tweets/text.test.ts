import { describe, expect, it } from "vitest";
import { hashtagsOf, wordsOf } from "../../../lib/tweets/text";

describe("wordsOf", () => {
  it("finds each distinct word once, lower case, whatever the script", () => {
    expect(wordsOf("Café CAFÉ café, 日本語 and naïve! #Tag don't")).toEqual([
      "café",
      "日本語",
      "and",
      "naïve",
      "tag",
      "don't",
    ]);
  });

  it("folds compatibility forms (NFKC) so full-width letters match", () => {
    expect(wordsOf("ＡＢＣ")).toEqual(wordsOf("abc"));
  });

  it("has no words in punctuation or spaces", () => {
    expect(wordsOf(" ... !!! ")).toEqual([]);
  });
});

describe("hashtagsOf", () => {
  it("takes the word after a #, lower case, once", () => {
    expect(hashtagsOf("#Serverless rocks #serverless #日本 #snake_case")).toEqual([
      "serverless",
      "日本",
      "snake_case",
    ]);
  });

  it("ignores a # inside or after a word, and a lone #", () => {
    expect(hashtagsOf("C# and a#b and # alone")).toEqual([]);
  });
});
