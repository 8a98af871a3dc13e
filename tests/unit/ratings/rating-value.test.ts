import { describe, expect, it } from "vitest";
import {
  EMPTY_VALUE,
  meanOf,
  mergeWrite,
  type RatingValue,
} from "../../../lib/ratings/rating-value";

function ratingOf(...pairs: [number, Record<string, number>][]): RatingValue {
  return {
    rating: meanOf(pairs.map(([r]) => r)),
    choices: pairs.map(([r]) => r),
    clocks: pairs.map(([, c]) => c),
  };
}

describe("mergeWrite", () => {
  it("adds the first write to an unknown key", () => {
    expect(mergeWrite(EMPTY_VALUE, { rating: 4, clock: { a: 1 } })).toEqual(
      ratingOf([4, { a: 1 }]),
    );
  });

  it("discards an older write, and one with an equal clock", () => {
    const stored = ratingOf([4, { a: 2 }]);
    expect(mergeWrite(stored, { rating: 1, clock: { a: 1 } })).toEqual(stored);
    expect(mergeWrite(stored, { rating: 1, clock: { a: 2 } })).toEqual(stored);
  });

  it("replaces a value by a newer write", () => {
    const stored = ratingOf([4, { a: 1 }]);
    expect(mergeWrite(stored, { rating: 2, clock: { a: 2 } })).toEqual(ratingOf([2, { a: 2 }]));
  });

  it("keeps concurrent siblings, and their mean", () => {
    const stored = ratingOf([4, { a: 1 }]);
    const merged = mergeWrite(stored, { rating: 1, clock: { b: 1 } });
    expect(merged).toEqual(ratingOf([4, { a: 1 }], [1, { b: 1 }]));
    expect(merged.rating).toBe(2.5);
  });

  it("merges a list: drops what the write supersedes and keeps what is concurrent with it", () => {
    const stored = ratingOf([4, { a: 1 }], [1, { b: 1 }], [3, { c: 5 }]);
    const merged = mergeWrite(stored, { rating: 5, clock: { a: 1, b: 1 } });
    expect(merged).toEqual(ratingOf([3, { c: 5 }], [5, { a: 1, b: 1 }]));
    expect(merged.rating).toBe(4);
  });

  it("changes nothing when one sibling is later, even if others are earlier", () => {
    const stored = ratingOf([4, { a: 1 }], [1, { b: 3 }]);
    expect(mergeWrite(stored, { rating: 5, clock: { b: 2 } })).toEqual(stored);
  });

  it("rates an empty value 0", () => {
    expect(meanOf([])).toBe(0);
  });
});
