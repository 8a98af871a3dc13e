// The request log on Redis: a stream capped at about `maxEntries` (XADD MAXLEN ~), whose
// ids keep the calls in the order Redis received them, and a hash of counter totals.
import type { Redis } from "ioredis";
import type { RequestLogStore } from "./store";
import { COUNTER_NAMES, type Counts } from "./tally";

export const DEFAULT_REQUEST_LOG_PREFIX = "requestlog:";

export function createRedisRequestLogStore(
  redis: Redis,
  maxEntries: number,
  prefix = DEFAULT_REQUEST_LOG_PREFIX,
): RequestLogStore {
  const streamKey = `${prefix}entries`;
  const countersKey = `${prefix}counters`;

  const addTo = (pipeline: ReturnType<Redis["multi"]>, counts: Counts) => {
    for (const [name, n] of Object.entries(counts)) {
      if (n) pipeline.hincrby(countersKey, name, n);
    }
  };

  return {
    async append(entry, counts) {
      const pipeline = redis.multi();
      pipeline.xadd(
        streamKey,
        "MAXLEN",
        "~",
        maxEntries,
        "*",
        "method",
        entry.method,
        "path",
        entry.path,
        "status",
        entry.status,
        "at",
        entry.at,
      );
      addTo(pipeline, counts);
      await pipeline.exec();
    },

    async addCounts(counts) {
      const pipeline = redis.multi();
      addTo(pipeline, counts);
      await pipeline.exec();
    },

    async read(after, limit) {
      const start = after === undefined ? "-" : `(${after}`;
      const entries = await redis.xrange(streamKey, start, "+", "COUNT", limit);
      const items = entries.map(([, fields]) => {
        const value = (name: string) => fields[fields.indexOf(name) + 1] ?? "";
        return {
          method: value("method"),
          path: value("path"),
          status: Number(value("status")),
          at: value("at"),
        };
      });
      const last = entries.length === limit ? entries.at(-1)?.[0] : undefined;
      return { items, last };
    },

    async counters() {
      const totals = await redis.hgetall(countersKey);
      return Object.fromEntries(
        COUNTER_NAMES.map((name) => [name, Number(totals[name] ?? 0)]),
      ) as Record<(typeof COUNTER_NAMES)[number], number>;
    },
  };
}
