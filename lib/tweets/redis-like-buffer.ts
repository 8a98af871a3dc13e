// The like buffer on Redis (AOF on, so a count survives a restart). Per tweet:
//   <prefix>pending:<id>   likes not in a batch yet (INCR)
//   <prefix>taken:<id>     hash {batch, count}: the batch being written, until acknowledged
//   <prefix>batches:<id>   the last batch number handed out: Redis' clock in microseconds,
//                          or one more than the last if the clock has not moved on, so
//                          numbers keep rising even if this key is lost (the table
//                          refuses a batch number at or below the last it wrote)
// and one sorted set <prefix>waiting of tweet ids scored by the time of their oldest
// buffered like, which the scheduled flush reads. Each step is one Lua script, so a like
// and a take never interleave.
import type { Redis } from "ioredis";
import { LuaScript } from "../redis/lua-script";
import type { BufferedLikes, LikeBuffer } from "./like-buffer";

export const DEFAULT_LIKES_PREFIX = "microblog:likes:";

const ADD = new LuaScript(`
local pending = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[3], 'NX', ARGV[2], ARGV[1])
local taken = redis.call('HMGET', KEYS[2], 'batch', 'count')
return {pending, taken[1] or false, taken[2] or false}
`);

const TAKE = new LuaScript(`
local taken = redis.call('HMGET', KEYS[2], 'batch', 'count')
if taken[1] then
  if ARGV[2] == 'retry' then return {tonumber(taken[1]), tonumber(taken[2])} end
  return false
end
local pending = tonumber(redis.call('GET', KEYS[1]) or '0')
if pending == 0 then
  redis.call('ZREM', KEYS[4], ARGV[1])
  return false
end
local now = redis.call('TIME')
local batch = math.max(
  tonumber(now[1]) * 1000000 + tonumber(now[2]),
  tonumber(redis.call('GET', KEYS[3]) or '0') + 1)
batch = string.format('%.0f', batch)
redis.call('SET', KEYS[3], batch)
redis.call('HSET', KEYS[2], 'batch', batch, 'count', pending)
redis.call('DEL', KEYS[1])
return {tonumber(batch), pending}
`);

const ACKNOWLEDGE = new LuaScript(`
if redis.call('HGET', KEYS[2], 'batch') == ARGV[2] then redis.call('DEL', KEYS[2]) end
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('ZADD', KEYS[3], 'XX', ARGV[3], ARGV[1])
else
  redis.call('ZREM', KEYS[3], ARGV[1])
end
return 1
`);

export function createRedisLikeBuffer(redis: Redis, prefix = DEFAULT_LIKES_PREFIX): LikeBuffer {
  const pendingKey = (id: string) => `${prefix}pending:${id}`;
  const takenKey = (id: string) => `${prefix}taken:${id}`;
  const batchesKey = (id: string) => `${prefix}batches:${id}`;
  const waitingKey = `${prefix}waiting`;

  return {
    async add(tweetId, now) {
      const reply = await ADD.run(
        redis,
        [pendingKey(tweetId), takenKey(tweetId), waitingKey],
        [tweetId, now],
      );
      const [pending, batch, count] = reply as [number, string | null, string | null];
      return buffered(tweetId, pending, batch, count);
    },

    async held(tweetIds) {
      const found = new Map<string, BufferedLikes>();
      if (tweetIds.length === 0) return found;
      const pipeline = redis.pipeline();
      for (const id of tweetIds) {
        pipeline.get(pendingKey(id));
        pipeline.hmget(takenKey(id), "batch", "count");
      }
      const replies = (await pipeline.exec()) ?? [];
      tweetIds.forEach((id, i) => {
        const [pendingError, pending] = replies[2 * i] ?? [];
        const [takenError, taken] = replies[2 * i + 1] ?? [];
        if (pendingError || takenError) throw pendingError ?? takenError;
        const [batch, count] = (taken ?? []) as (string | null)[];
        found.set(id, buffered(id, Number(pending ?? 0), batch ?? null, count ?? null));
      });
      return found;
    },

    async take(tweetId, { retry }) {
      const reply = await TAKE.run(
        redis,
        [pendingKey(tweetId), takenKey(tweetId), batchesKey(tweetId), waitingKey],
        [tweetId, retry ? "retry" : "fresh"],
      );
      if (!Array.isArray(reply)) return undefined;
      const [batch, count] = reply as [number, number];
      return { tweetId, batch, count };
    },

    async acknowledge({ tweetId, batch }, now) {
      await ACKNOWLEDGE.run(
        redis,
        [pendingKey(tweetId), takenKey(tweetId), waitingKey],
        [tweetId, batch, now],
      );
    },

    async waitingSince(cutoff, limit) {
      return redis.zrangebyscore(waitingKey, "-inf", cutoff, "LIMIT", 0, limit);
    },
  };
}

function buffered(
  tweetId: string,
  pending: number,
  batch: string | null,
  count: string | null,
): BufferedLikes {
  if (batch === null || count === null) return { pending };
  return { pending, taken: { tweetId, batch: Number(batch), count: Number(count) } };
}
