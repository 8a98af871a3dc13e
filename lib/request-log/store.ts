// The request log: every API call through the gateway, in order, and the activity counters
// (lib/request-log/tally.ts). The Redis adapter is redis-store.ts.
import type { CounterName, Counts } from "./tally";

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** ISO 8601 UTC: when the call was answered. */
  at: string;
}

export interface RequestLogStore {
  /** Appends one call, and adds `counts` to the totals, in one round trip. */
  append(entry: RequestLogEntry, counts: Counts): Promise<void>;
  /** Adds `counts` to the totals (work outside a request: the scheduled like flush). */
  addCounts(counts: Counts): Promise<void>;
  /** Entries in order, after the entry `after` (an id the previous page ended on). */
  read(
    after: string | undefined,
    limit: number,
  ): Promise<{ items: RequestLogEntry[]; last?: string }>;
  counters(): Promise<Record<CounterName, number>>;
}
