// The ratings store's operations over its shards and the gossip queue (issue 10): a write
// merges into a shard and then drains the neighbour's channel; a read of a shard drains
// first; strong reads and writes go to the key's primary (placement.ts), weak reads to a
// random live shard; anti-entropy sends stale digests and drains every channel.
//
// Gossip is at-least-once and merges are idempotent, so an entry sent twice does no harm:
// entries are put back wherever a step fails (a shard down, the queue down), and a shard that
// comes back catches up from its neighbour's channel, which kept its entries meanwhile.
import { describeError, log } from "../log";
import { NoShardAvailable, ShardUnavailable } from "./errors";
import type { GossipQueue } from "./gossip-queue";
import { placementOf } from "./placement";
import { pairsOf, type RatingValue, type RatingWrite } from "./rating-value";
import type { GossipEntry, ShardStore } from "./store";

/** Entries received from a channel per step, and steps per drain (new ones keep coming). */
const DRAIN_BATCH = 100;
const DRAIN_MAX_BATCHES = 10;

export type Consistency = "strong" | "weak";

export interface AntiEntropyOutcome {
  /** Digest entries sent because they had waited long enough. */
  sent: number;
  /** Gossip entries merged from the channels. */
  merged: number;
  /** Shards that did not answer. */
  unavailable: number[];
}

export interface Ratings {
  readonly shards: number;
  primaryOf(key: string): number;
  /** Merges a write into the key's primary shard; the merged value. */
  put(key: string, write: RatingWrite): Promise<RatingValue>;
  get(key: string, consistency: Consistency): Promise<RatingValue>;
  /** What shard `shard` does for a direct read (internal function ratings-shard). */
  readShard(shard: number, key: string): Promise<RatingValue>;
  /** What shard `shard` does for a direct write (internal function ratings-shard). */
  writeShard(shard: number, key: string, write: RatingWrite): Promise<RatingValue>;
  /** Sends digests older than `ageMs` and drains every channel. */
  antiEntropy(ageMs: number): Promise<AntiEntropyOutcome>;
}

export function createRatings({
  shards,
  queue,
  random = Math.random,
}: {
  shards: readonly ShardStore[];
  queue: GossipQueue;
  random?: () => number;
}): Ratings {
  const count = shards.length;
  if (count < 1) throw new RangeError("the ratings store needs at least one shard");
  const shardAt = (index: number): ShardStore => {
    const store = shards[index];
    if (store === undefined) throw new RangeError(`no ratings shard ${index} (of ${count})`);
    return store;
  };
  /** The channel shard i reads: its predecessor's on the ring. */
  const neighbourOf = (index: number) => (index - 1 + count) % count;

  /** Sends a digest on the shard's channel, or puts it back into the digest. */
  async function send(shard: ShardStore, entries: readonly GossipEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await queue.send(shard.shard, entries);
    } catch (error) {
      log.warn("ratings: gossip not sent; kept in the digest", {
        shard: shard.shard,
        ...describeError(error),
      });
      await shard.restoreDigest(entries);
    }
  }

  /** Merges the neighbour's channel into the shard; the number of entries merged. */
  async function drain(index: number): Promise<number> {
    const shard = shardAt(index);
    const channel = neighbourOf(index);
    let merged = 0;
    for (let batch = 0; batch < DRAIN_MAX_BATCHES; batch++) {
      let entries: GossipEntry[];
      try {
        entries = await queue.receive(channel, DRAIN_BATCH);
      } catch (error) {
        // The queue down delays gossip; it does not stop the shard answering.
        log.warn("ratings: gossip channel unreadable", { channel, ...describeError(error) });
        return merged;
      }
      for (const [i, entry] of entries.entries()) {
        if (entry.primary === index) continue;
        try {
          const outcome = await shard.merge(entry.key, pairsOf(entry), entry.primary);
          await send(shard, outcome.flushed);
          merged++;
        } catch (error) {
          await queue.putBack(channel, entries.slice(i)).catch((lost: unknown) => {
            // The shard and the queue both down: these entries are lost to gossip. Their
            // primaries still hold them, so strong reads still see them; weak ones may not.
            log.error("ratings: gossip entries lost", { channel, ...describeError(lost) });
          });
          throw error;
        }
      }
      if (entries.length < DRAIN_BATCH) break;
    }
    return merged;
  }

  async function readShard(index: number, key: string): Promise<RatingValue> {
    await drain(index);
    return shardAt(index).read(key);
  }

  async function writeShard(index: number, key: string, write: RatingWrite): Promise<RatingValue> {
    const shard = shardAt(index);
    const { value, flushed } = await shard.merge(key, [write], index);
    await send(shard, flushed);
    await drain(index);
    return value;
  }

  return {
    shards: count,
    primaryOf: (key) => placementOf(key, count),
    put: (key, write) => writeShard(placementOf(key, count), key, write),
    readShard,
    writeShard,

    async get(key, consistency) {
      if (consistency === "strong") return readShard(placementOf(key, count), key);
      // A uniformly random shard; when it is down, the next live one around the ring.
      const first = Math.floor(random() * count);
      for (let step = 0; step < count; step++) {
        const index = (first + step) % count;
        try {
          return await readShard(index, key);
        } catch (error) {
          if (!(error instanceof ShardUnavailable)) throw error;
        }
      }
      throw new NoShardAvailable();
    },

    async antiEntropy(ageMs) {
      const outcome: AntiEntropyOutcome = { sent: 0, merged: 0, unavailable: [] };
      const down = new Set<number>();
      const tolerateDown = async (index: number, step: () => Promise<void>) => {
        try {
          await step();
        } catch (error) {
          if (!(error instanceof ShardUnavailable)) throw error;
          down.add(index);
        }
      };
      for (const shard of shards) {
        await tolerateDown(shard.shard, async () => {
          const stale = await shard.takeStaleDigest(ageMs);
          await send(shard, stale);
          outcome.sent += stale.length;
        });
      }
      for (let index = 0; index < count; index++) {
        await tolerateDown(index, async () => {
          outcome.merged += await drain(index);
        });
      }
      outcome.unavailable = [...down].sort((a, b) => a - b);
      return outcome;
    },
  };
}
