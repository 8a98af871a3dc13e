// What this function instance did since its last report, in counters: table reads and
// writes, cache hits and misses, likes buffered and flushed. Code counts here, in memory;
// the request log adds the tally to its totals once per request (lib/http/request-log.ts),
// and GET /logs shows the totals.

export const COUNTER_NAMES = [
  "dbReads",
  "dbWrites",
  "cacheHits",
  "cacheMisses",
  "likesBuffered",
  "likesFlushed",
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counts = Partial<Record<CounterName, number>>;

let counts: Counts = {};

export const tally = {
  count(name: CounterName, n = 1): void {
    counts[name] = (counts[name] ?? 0) + n;
  },

  /** The counts since the last drain, which start again from zero. */
  drain(): Counts {
    const drained = counts;
    counts = {};
    return drained;
  },
};
