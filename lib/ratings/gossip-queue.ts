// The gossip queue: one channel per shard, on which a shard sends its digest and its
// successor on the ring receives it. Locally Redis lists on Agora's main Redis
// (redis-gossip-queue.ts); in AWS an SQS queue per channel plays this part (see the README).
import type { GossipEntry } from "./store";

export interface GossipQueue {
  /** Appends entries to `channel`, in order. */
  send(channel: number, entries: readonly GossipEntry[]): Promise<void>;
  /** Takes up to `max` of the oldest entries of `channel` off it. */
  receive(channel: number, max: number): Promise<GossipEntry[]>;
  /** Puts entries taken by receive() back at the head of `channel`, in their order. */
  putBack(channel: number, entries: readonly GossipEntry[]): Promise<void>;
}
