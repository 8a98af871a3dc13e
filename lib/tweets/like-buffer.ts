// The like buffer: likes counted in Redis before the batcher writes them to the table in
// batches (like-batcher.ts). The Redis adapter is redis-like-buffer.ts.

/** A batch taken from a tweet's pending likes, to be written once under its number. */
export interface LikeBatch {
  tweetId: string;
  /** Increases with every batch of the tweet; the table records the last one written. */
  batch: number;
  count: number;
}

export interface BufferedLikes {
  /** Likes waiting for a batch. */
  pending: number;
  /** A batch taken but not yet acknowledged as written, if any. */
  taken?: LikeBatch;
}

export interface LikeBuffer {
  /** Counts one like of the tweet; returns what the buffer now holds for it. */
  add(tweetId: string, now: number): Promise<BufferedLikes>;
  /** What the buffer holds for each tweet (nothing: zero pending). */
  held(tweetIds: string[]): Promise<Map<string, BufferedLikes>>;
  /**
   * Atomically moves the tweet's pending likes into a new batch. While an earlier batch is
   * taken and not acknowledged, there is no new batch: with `retry`, that earlier batch is
   * returned (its taker may have died; a batch is never lost), else nothing (its taker may
   * still be writing it). Undefined when there is nothing to write.
   */
  take(tweetId: string, options: { retry: boolean }): Promise<LikeBatch | undefined>;
  /** The batch is in the table: forget it. */
  acknowledge(batch: LikeBatch, now: number): Promise<void>;
  /** Tweets whose oldest buffered like is older than `cutoff` (ms since the epoch). */
  waitingSince(cutoff: number, limit: number): Promise<string[]>;
}
