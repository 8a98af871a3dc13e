// One shard of the ratings store: its values and its digest of merged writes waiting to be
// gossiped. The Redis adapter is redis-shard-store.ts; composition-root.ts wires one per shard.
//
// Access patterns, per shard:
// - read a key's value (strong and weak reads);
// - merge writes into a key atomically, each added to the digest, taking the digest out to be
//   sent once it holds `digestLength` entries (writes, and gossip from the neighbour);
// - take out a digest that has waited longer than the anti-entropy period;
// - put back entries that could not be sent.
import type { RatingValue, RatingWrite } from "./rating-value";

/** What travels on the gossip queue: a merged write and the shard that took it first. */
export interface GossipEntry extends RatingValue {
  /** The shard that took the write; it does not merge its own entries back. */
  primary: number;
  key: string;
}

export interface MergeOutcome {
  value: RatingValue;
  /** Digest entries taken out to be sent on this shard's channel. */
  flushed: GossipEntry[];
}

export interface ShardStore {
  readonly shard: number;
  read(key: string): Promise<RatingValue>;
  /** Merges `writes` into `key` in order, as one atomic step; `primary` goes into the digest. */
  merge(key: string, writes: readonly RatingWrite[], primary: number): Promise<MergeOutcome>;
  /** The digest's entries, taken out, if its oldest entry is at least `ageMs` old. */
  takeStaleDigest(ageMs: number): Promise<GossipEntry[]>;
  /** Puts entries back into the digest (a send that failed). */
  restoreDigest(entries: readonly GossipEntry[]): Promise<void>;
}
