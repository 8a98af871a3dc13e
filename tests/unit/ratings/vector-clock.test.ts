import { describe, expect, it } from "vitest";
import {
  type ClockOrder,
  compareClocks,
  type VectorClock,
} from "../../../lib/ratings/vector-clock";

const CASES: { a: VectorClock; b: VectorClock; order: ClockOrder }[] = [
  { a: { c0: 1 }, b: { c0: 2 }, order: "before" },
  { a: { c0: 1 }, b: { c0: 1, c1: 1 }, order: "before" },
  { a: {}, b: { c0: 1 }, order: "before" },
  { a: { c0: 3, c1: 1 }, b: { c0: 2 }, order: "after" },
  { a: { c0: 2 }, b: { c0: 2 }, order: "equal" },
  { a: { c0: 2, c1: 0 }, b: { c0: 2 }, order: "equal" },
  { a: {}, b: {}, order: "equal" },
  { a: { c0: 2 }, b: { c1: 1 }, order: "concurrent" },
  { a: { c0: 2, c1: 1 }, b: { c0: 1, c1: 2 }, order: "concurrent" },
];

describe("compareClocks", () => {
  it.each(CASES)("$a against $b is $order (a missing entry counts as 0)", ({ a, b, order }) => {
    expect(compareClocks(a, b)).toBe(order);
  });
});
