// Which shard is a key's primary: jump consistent hashing (Lamping & Veach, 2014) of the
// first 64 bits of the key's SHA-256. Jump rather than a ring or rendezvous hashing because
// it spreads keys evenly (every shard gets 1/N of them, with no virtual nodes to tune), moves
// only the minimum when N grows (going from N to N+1 shards moves 1/(N+1) of the keys, all to
// the new shard), and needs no state at all: shards are numbered 0..N-1, which is what the
// gossip ring (shard i reads the channel of i-1) numbers them by anyway. It costs O(log N) and
// cannot remove a shard from the middle, which a numbered ring never does.
import { createHash } from "node:crypto";

const MASK_64 = (1n << 64n) - 1n;
const LCG_MULTIPLIER = 2862933555777619173n;

/** Jump consistent hash: the bucket in [0, buckets) of a 64-bit key. */
export function jumpHash(key: bigint, buckets: number): number {
  if (!Number.isInteger(buckets) || buckets < 1)
    throw new RangeError(`invalid shard count: ${buckets}`);
  let state = key & MASK_64;
  let bucket = -1;
  let next = 0;
  while (next < buckets) {
    bucket = next;
    state = (state * LCG_MULTIPLIER + 1n) & MASK_64;
    next = Math.floor(((bucket + 1) * 2 ** 31) / (Number(state >> 33n) + 1));
  }
  return bucket;
}

/** The primary shard of `key` among `shards` shards. */
export function placementOf(key: string, shards: number): number {
  const digest = createHash("sha256").update(key).digest();
  return jumpHash(digest.readBigUInt64BE(0), shards);
}
