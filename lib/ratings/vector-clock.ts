// Vector clocks: a map clientId → counter, where a missing entry counts as 0. Two clocks
// are equal, one is before (earlier than) or after the other, or they are concurrent.
// MERGE_LUA (merge-script.ts) compares clocks the same way inside Redis.

export type VectorClock = Readonly<Record<string, number>>;

export type ClockOrder = "before" | "after" | "equal" | "concurrent";

/** How `a` stands to `b`: "before" when a ≤ b entry by entry and a ≠ b, and so on. */
export function compareClocks(a: VectorClock, b: VectorClock): ClockOrder {
  let aHasLess = false;
  let aHasMore = false;
  for (const client of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[client] ?? 0;
    const y = b[client] ?? 0;
    if (x < y) aHasLess = true;
    else if (x > y) aHasMore = true;
  }
  if (aHasLess && aHasMore) return "concurrent";
  if (aHasLess) return "before";
  if (aHasMore) return "after";
  return "equal";
}
