// The store cache: tweets read from the table are kept in Redis for `ttlSeconds`, and every
// write goes through to the cache, so a read after a write never sees the old tweet.
// Every copy the cache takes is one the table returned, and it replaces the cached one only
// when it is at least as new in both of the tweet's counters (edits: version, like batches:
// likeBatch), so a read or write that raced a later write cannot put back what that write
// replaced; a delete leaves a tombstone for the same reason. A Redis that does not answer
// makes reads go to the table, never fail.
import type { Redis } from "ioredis";
import { LuaScript } from "../redis/lua-script";
import { orFallback } from "../redis/unreachable";
import { tally } from "../request-log/tally";
import type { Tweet } from "./model";
import type { TweetsStore } from "./store";

const DELETED = "deleted";

const REMEMBER = new LuaScript(`
local cached = redis.call('GET', KEYS[1])
if cached == '${DELETED}' then return 0 end
if cached then
  local old = cjson.decode(cached)
  if old.version > tonumber(ARGV[2]) or old.likeBatch > tonumber(ARGV[3]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[4])
return 1
`);

/** Where the cache keeps its keys in Redis, unless told otherwise. */
export const STORE_CACHE_PREFIX = "microblog:store:";

const cacheOr = <T>(operation: () => Promise<T>, fallback: T) =>
  orFallback("store cache", operation, fallback);

export function createCachedTweetsStore(
  store: TweetsStore,
  redis: Redis,
  ttlSeconds: number,
  prefix = STORE_CACHE_PREFIX,
): TweetsStore {
  const key = (id: string) => `${prefix}tweet:${id}`;

  const remember = (tweet: Tweet) =>
    cacheOr(
      () =>
        REMEMBER.run(
          redis,
          [key(tweet.id)],
          [JSON.stringify(tweet), tweet.version, tweet.likeBatch, ttlSeconds],
        ),
      0,
    );

  return {
    ...store,

    async create(tweet) {
      await store.create(tweet);
      await remember(tweet);
    },

    async get(id) {
      const cached = await cacheOr(() => redis.get(key(id)), null);
      if (cached !== null) {
        tally.count("cacheHits");
        return cached === DELETED ? undefined : (JSON.parse(cached) as Tweet);
      }
      tally.count("cacheMisses");
      const tweet = await store.get(id);
      if (tweet) await remember(tweet);
      return tweet;
    },

    async update(before, after) {
      const stored = await store.update(before, after);
      await remember(stored);
      return stored;
    },

    async delete(tweet) {
      await store.delete(tweet);
      await cacheOr(() => redis.set(key(tweet.id), DELETED, "EX", ttlSeconds), null);
    },

    async addLikes(id, count, batch) {
      const written = await store.addLikes(id, count, batch);
      if (written.tweet) await remember(written.tweet);
      return written;
    },
  };
}
