import { describe, expect, it } from "vitest";
import { isValidGuess, randomAnswer } from "../../../lib/games/words";
import answers from "../../../lib/games/words/answers.json";
import validGuesses from "../../../lib/games/words/valid-guesses.json";

describe.each([
  { name: "answers", words: answers },
  { name: "valid guesses", words: validGuesses },
])("$name", ({ words }) => {
  it("are five lower-case letters a-z", () => {
    expect(words.filter((word) => !/^[a-z]{5}$/.test(word))).toEqual([]);
  });

  it("are sorted without duplicates", () => {
    expect(words).toEqual([...new Set(words)].sort());
  });
});

describe("word lists", () => {
  it("have sensible sizes", () => {
    expect(answers.length).toBeGreaterThan(1500);
    expect(validGuesses.length).toBeGreaterThan(answers.length);
  });

  it("accept every answer as a guess", () => {
    expect(answers.filter((word) => !isValidGuess(word))).toEqual([]);
  });

  it("know common words and reject non-words", () => {
    for (const word of ["crane", "hello", "about", "world"]) expect(isValidGuess(word)).toBe(true);
    for (const word of ["xxxxx", "qzqzq", "hell", "CRANE"]) expect(isValidGuess(word)).toBe(false);
  });
});

describe("randomAnswer", () => {
  it("maps the random number onto the answer list", () => {
    expect(randomAnswer(() => 0)).toBe(answers[0]);
    expect(randomAnswer(() => 0.999_999_9)).toBe(answers[answers.length - 1]);
  });

  it("returns answers by default", () => {
    const answer = randomAnswer();
    expect(answers).toContain(answer);
  });

  it("rejects a random source outside [0, 1)", () => {
    expect(() => randomAnswer(() => 1)).toThrow(RangeError);
  });
});
