// The ratings store's composition root: one connection per shard (RATINGS_SHARD_URLS, in
// shard order) and the gossip queue: SQS queues when RATINGS_GOSSIP_QUEUE_URLS names them (in
// AWS), else Redis lists on Agora's main Redis (locally).
//
// A shard's connection retries sooner than the main one (every 0.5 s at most), so that a
// shard that comes back serves again at once; a refused connection fails a command after
// one retry, so a dead shard turns a strong read into a 503, and a weak read over to
// another shard, within a fraction of a second. Timeouts stay the main connection's, which
// a burst of cold starts on a busy machine needs.
import { connectRedis, redis } from "../clients/redis";
import { sqs } from "../clients/sqs";
import { config } from "../config";
import { createRatings, type Ratings } from "./ratings";
import { createRedisGossipQueue } from "./redis-gossip-queue";
import { createRedisShardStore } from "./redis-shard-store";
import { createSqsGossipQueue } from "./sqs-gossip-queue";

const SHARD_CONNECTION = {
  retryStrategy: (attempt: number) => Math.min(attempt * 50, 500),
};

export const ratings: Ratings = createRatings({
  shards: config.RATINGS_SHARD_URLS.map((url, shard) =>
    createRedisShardStore(connectRedis(url, SHARD_CONNECTION), {
      shard,
      digestLength: config.RATINGS_DIGEST_LENGTH,
    }),
  ),
  queue: config.RATINGS_GOSSIP_QUEUE_URLS
    ? createSqsGossipQueue(sqs, config.RATINGS_GOSSIP_QUEUE_URLS)
    : createRedisGossipQueue(redis),
});
