// The ratings store's composition root: one connection per shard (RATINGS_SHARD_URLS, in
// shard order) and the gossip queue: SQS queues when RATINGS_GOSSIP_QUEUE_URLS names them (in
// AWS), else Redis lists on Agora's main Redis (locally). The SQS adapter and its SDK client
// load on the first gossip step, so that a function that gossips through Redis never pays
// the client's ~100 ms of cold-start CPU.
//
// A shard's connection retries sooner than the main one (every 0.5 s at most), so that a
// shard that comes back serves again at once; a refused connection fails a command after
// one retry, so a dead shard turns a strong read into a 503, and a weak read over to
// another shard, within a fraction of a second. Timeouts stay the main connection's, which
// a burst of cold starts on a busy machine needs.
import { connectRedis, redis } from "../clients/redis";
import { config } from "../config";
import { InvalidConfiguration } from "../config-schema";
import type { GossipQueue } from "./gossip-queue";
import { createRatings, type Ratings } from "./ratings";
import { createRedisGossipQueue } from "./redis-gossip-queue";
import { createRedisShardStore } from "./redis-shard-store";

const SHARD_CONNECTION = {
  retryStrategy: (attempt: number) => Math.min(attempt * 50, 500),
};

/**
 * The SQS gossip queue, one queue per shard, built on its first use (a failed load is tried
 * again next time). A queue too many or too few fails the cold start: checked here, not in
 * the config schema, so that it fails the ratings functions only.
 */
function sqsGossipQueueOnFirstUse(queueUrls: readonly string[]): GossipQueue {
  if (queueUrls.length !== config.RATINGS_SHARD_URLS.length) {
    throw new InvalidConfiguration([
      {
        setting: "RATINGS_GOSSIP_QUEUE_URLS",
        message: `names ${queueUrls.length} queues for ${config.RATINGS_SHARD_URLS.length} shards (RATINGS_SHARD_URLS)`,
      },
    ]);
  }
  let queue: Promise<GossipQueue> | undefined;
  const load = () =>
    (queue ??= Promise.all([import("./sqs-gossip-queue"), import("../clients/sqs")]).then(
      ([{ createSqsGossipQueue }, { sqs }]) => createSqsGossipQueue(sqs, queueUrls),
      (error: unknown) => {
        queue = undefined;
        throw error;
      },
    ));
  return {
    send: async (channel, entries) => (await load()).send(channel, entries),
    receive: async (channel, max) => (await load()).receive(channel, max),
    putBack: async (channel, entries) => (await load()).putBack(channel, entries),
  };
}

export const ratings: Ratings = createRatings({
  shards: config.RATINGS_SHARD_URLS.map((url, shard) =>
    createRedisShardStore(connectRedis(url, SHARD_CONNECTION), {
      shard,
      digestLength: config.RATINGS_DIGEST_LENGTH,
    }),
  ),
  queue: config.RATINGS_GOSSIP_QUEUE_URLS
    ? sqsGossipQueueOnFirstUse(config.RATINGS_GOSSIP_QUEUE_URLS)
    : createRedisGossipQueue(redis),
});
