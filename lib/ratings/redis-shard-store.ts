// A ratings shard on its own redis-server: values as the hashes `/rating/<key>`, the digest
// as a list, merges by MERGE_LUA (shard-scripts.ts). A Redis that cannot answer makes the
// shard unavailable (ShardUnavailable); the caller decides what that means for the request.
import type { Redis } from "ioredis";
import { LuaScript } from "../redis/lua-script";
import { unreachableAs } from "../redis/unreachable";
import { ShardUnavailable } from "./errors";
import { decodeGossipEntry, decodeStoredValue, encodeGossipEntry } from "./gossip-entry";
import { EMPTY_VALUE, type RatingValue } from "./rating-value";
import {
  DIGEST_KEY,
  DIGEST_SINCE_KEY,
  FLUSH_STALE_DIGEST_LUA,
  MERGE_LUA,
  RESTORE_DIGEST_LUA,
  valueKey,
} from "./shard-scripts";
import type { ShardStore } from "./store";

const merge = new LuaScript(MERGE_LUA);
const flushStale = new LuaScript(FLUSH_STALE_DIGEST_LUA);
const restore = new LuaScript(RESTORE_DIGEST_LUA);

export interface ShardStoreOptions {
  shard: number;
  /** Entries a digest holds before it is sent (RATINGS_DIGEST_LENGTH). */
  digestLength: number;
  now?: () => number;
}

function stringsOf(reply: unknown): string[] {
  if (Array.isArray(reply) && reply.every((item) => typeof item === "string")) return reply;
  throw new Error(`unexpected reply from a ratings shard script: ${JSON.stringify(reply)}`);
}

export function createRedisShardStore(
  redis: Redis,
  { shard, digestLength, now = Date.now }: ShardStoreOptions,
): ShardStore {
  const unavailable = unreachableAs(() => new ShardUnavailable(shard));
  const digestKeys = [DIGEST_KEY, DIGEST_SINCE_KEY];

  return {
    shard,

    async read(key) {
      const fields = await redis.hgetall(valueKey(key)).catch(unavailable);
      return decodeStoredValue(fields) ?? EMPTY_VALUE;
    },

    async merge(key, writes, primary) {
      const args: (string | number)[] = [digestLength, now()];
      for (const { rating, clock } of writes) {
        const entry = { primary, key, rating, choices: [rating], clocks: [clock] };
        args.push(rating, JSON.stringify(clock), encodeGossipEntry(entry));
      }
      const reply = stringsOf(
        await merge.run(redis, [valueKey(key), ...digestKeys], args).catch(unavailable),
      );
      const [rating = "0", choices = "[]", clocks = "[]", ...flushed] = reply;
      const value: RatingValue = decodeStoredValue({ rating, choices, clocks }) ?? EMPTY_VALUE;
      return { value, flushed: flushed.map(decodeGossipEntry) };
    },

    async takeStaleDigest(ageMs) {
      const reply = await flushStale.run(redis, digestKeys, [now(), ageMs]).catch(unavailable);
      return stringsOf(reply).map(decodeGossipEntry);
    },

    async restoreDigest(entries) {
      if (entries.length === 0) return;
      await restore
        .run(redis, digestKeys, [now(), ...entries.map(encodeGossipEntry)])
        .catch(unavailable);
    },
  };
}
