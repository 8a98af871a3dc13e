// The ratings store's composition root: one connection per shard (RATINGS_SHARD_URLS, in
// shard order) and the gossip queue on Agora's main Redis.
//
// A shard's connection gives up sooner than the main one: a dead shard must turn a strong
// read into a 503, and a weak read over to another shard, within about a second.
import { connectRedis, redis } from "../clients/redis";
import { config } from "../config";
import { createRatings, type Ratings } from "./ratings";
import { createRedisGossipQueue } from "./redis-gossip-queue";
import { createRedisShardStore } from "./redis-shard-store";

const SHARD_CONNECTION = {
  connectTimeout: 1000,
  commandTimeout: 1000,
  retryStrategy: (attempt: number) => Math.min(attempt * 50, 500),
};

export const ratings: Ratings = createRatings({
  shards: config.RATINGS_SHARD_URLS.map((url, shard) =>
    createRedisShardStore(connectRedis(url, SHARD_CONNECTION), {
      shard,
      digestLength: config.RATINGS_DIGEST_LENGTH,
    }),
  ),
  queue: createRedisGossipQueue(redis),
});
