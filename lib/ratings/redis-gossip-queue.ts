// The gossip queue on Agora's main Redis: channel i is the list `ratings:gossip:<i>`, sent to
// at its tail and received from its head.
import type { Redis } from "ioredis";
import { decodeGossipEntry, encodeGossipEntry } from "./gossip-entry";
import type { GossipQueue } from "./gossip-queue";

export const DEFAULT_CHANNEL_PREFIX = "ratings:gossip:";

export function createRedisGossipQueue(
  redis: Redis,
  prefix: string = DEFAULT_CHANNEL_PREFIX,
): GossipQueue {
  const channelKey = (channel: number) => `${prefix}${channel}`;
  return {
    async send(channel, entries) {
      if (entries.length === 0) return;
      await redis.rpush(channelKey(channel), ...entries.map(encodeGossipEntry));
    },
    async receive(channel, max) {
      const texts = (await redis.lpop(channelKey(channel), max)) ?? [];
      return texts.map(decodeGossipEntry);
    },
    async putBack(channel, entries) {
      if (entries.length === 0) return;
      // LPUSH pushes its arguments one by one at the head: the last first, so order holds.
      await redis.lpush(channelKey(channel), ...entries.map(encodeGossipEntry).reverse());
    },
  };
}
