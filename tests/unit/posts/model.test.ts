// The post's input rules: absolute http(s) URLs only, and API.md's field limits.
import { describe, expect, it } from "vitest";
import { communitySchema, postUrlSchema, titleSchema } from "../../../lib/posts/model";

describe("postUrlSchema", () => {
  it.each([
    "http://example.com",
    "https://example.com/a/b?c=d#e",
    "HTTPS://Example.com/",
    "http://localhost:3000/x",
  ])("accepts %s", (url) => {
    expect(postUrlSchema.safeParse(url).success).toBe(true);
  });

  it.each([
    "/relative/path",
    "example.com",
    "ftp://example.com/file",
    "javascript:alert(1)",
    "data:text/html,hi",
    "http:example.com",
    "https:///no-host",
    "http://",
    `https://example.com/${"a".repeat(2048)}`,
  ])("refuses %s", (url) => {
    expect(postUrlSchema.safeParse(url).success).toBe(false);
  });
});

describe("field limits", () => {
  it("takes titles of 1–300 characters, trimmed", () => {
    expect(titleSchema.parse("  hi  ")).toBe("hi");
    expect(titleSchema.safeParse("   ").success).toBe(false);
    expect(titleSchema.safeParse("t".repeat(301)).success).toBe(false);
  });

  it("takes communities of 3–32 of a–z, 0–9 and _, lower-cased", () => {
    expect(communitySchema.parse("Cats_2")).toBe("cats_2");
    for (const bad of ["ab", "c".repeat(33), "no-dash", "sp ace"]) {
      expect(communitySchema.safeParse(bad).success).toBe(false);
    }
  });
});
