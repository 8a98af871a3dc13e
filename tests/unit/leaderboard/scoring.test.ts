import { describe, expect, it } from "vitest";
import { InvalidResult } from "../../../lib/leaderboard/errors";
import { scoreOf } from "../../../lib/leaderboard/scoring";

describe("scoreOf", () => {
  it.each([
    { guesses: 1, score: 6 },
    { guesses: 2, score: 5 },
    { guesses: 3, score: 4 },
    { guesses: 4, score: 3 },
    { guesses: 5, score: 2 },
    { guesses: 6, score: 1 },
  ])("scores a win in $guesses guesses as $score", ({ guesses, score }) => {
    expect(scoreOf({ won: true, guesses })).toBe(score);
  });

  it("scores a loss as 0", () => {
    expect(scoreOf({ won: false, guesses: 6 })).toBe(0);
  });

  it.each([
    { won: true, guesses: 0 },
    { won: true, guesses: 7 },
    { won: true, guesses: -1 },
    { won: true, guesses: 2.5 },
    { won: true, guesses: Number.NaN },
    { won: false, guesses: 5 },
    { won: false, guesses: 1 },
    { won: false, guesses: 7 },
  ])("rejects the impossible result %j", (result) => {
    expect(() => scoreOf(result)).toThrow(InvalidResult);
  });
});
