import { describe, expect, it } from "vitest";
import { jumpHash, placementOf } from "../../../lib/ratings/placement";

const KEYS = Array.from({ length: 12_000 }, (_, i) => `tea-${i}`);

describe("placementOf (jump consistent hash of SHA-256)", () => {
  it("is stable and within range", () => {
    for (const key of KEYS.slice(0, 100)) {
      const shard = placementOf(key, 3);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(3);
      expect(placementOf(key, 3)).toBe(shard);
    }
  });

  it.each([3, 4, 7])(
    "spreads keys evenly across %i shards (each within 5 percent of its share)",
    (n) => {
      const counts = new Array<number>(n).fill(0);
      for (const key of KEYS) {
        const shard = placementOf(key, n);
        counts[shard] = (counts[shard] ?? 0) + 1;
      }
      const share = KEYS.length / n;
      for (const c of counts) expect(Math.abs(c - share) / share).toBeLessThan(0.05);
    },
  );

  it("moves about a quarter of the keys from 3 to 4 shards, all of them to the new shard", () => {
    const moved = KEYS.filter((key) => placementOf(key, 3) !== placementOf(key, 4));
    expect(moved.length / KEYS.length).toBeGreaterThan(0.23);
    expect(moved.length / KEYS.length).toBeLessThan(0.27);
    for (const key of moved) expect(placementOf(key, 4)).toBe(3);
  });

  it("puts every key in bucket 0 of 1, and refuses 0 buckets", () => {
    expect(jumpHash(123456789n, 1)).toBe(0);
    expect(() => jumpHash(1n, 0)).toThrow(RangeError);
  });
});
