// The like batcher: a like is counted in the buffer (Redis), never written to the table on
// its own. A tweet's pending likes go to the table in one update as soon as there are more
// than LIKES_BATCH_THRESHOLD, and the scheduled flush writes every batch whose oldest like
// is older than a minute. A batch is taken atomically and written under its number, which
// the same conditional update records, so a taker that dies between taking and writing
// loses nothing (the next flush takes the same batch again) and counts nothing twice.
import { tally } from "../request-log/tally";
import type { BufferedLikes, LikeBuffer } from "./like-buffer";
import type { Tweet } from "./model";
import type { TweetsStore } from "./store";

/** A tweet's pending likes are written as soon as there are more than this. */
export const LIKES_BATCH_THRESHOLD = 10;
/** Tweets one scheduled flush handles at most. */
const FLUSH_LIMIT = 1000;
/** Batches a retrying flush writes for one tweet at most (a retried one, then new ones). */
const MAX_BATCHES_PER_FLUSH = 4;

export interface LikeBatcher {
  /** Buffers one like of `tweet`; returns its total, written and buffered. */
  like(tweet: Tweet): Promise<number>;
  /**
   * Writes the tweet's buffered likes, if any; returns how many were written. With `retry`,
   * a batch another taker took and did not acknowledge is written (again) first.
   */
  flush(tweetId: string, options?: { retry: boolean }): Promise<number>;
  /** Flushes every tweet whose oldest buffered like is `ageMs` old or more. */
  flushWaiting(ageMs: number): Promise<{ tweets: number; likes: number }>;
  /** Likes the buffer holds for each tweet that the table does not have yet. */
  buffered(tweets: Tweet[]): Promise<Map<string, number>>;
}

/** The buffered likes of `tweet` that its stored count does not include. */
export function unwrittenLikes(tweet: Tweet, held: BufferedLikes): number {
  const taken = held.taken && held.taken.batch > tweet.likeBatch ? held.taken.count : 0;
  return held.pending + taken;
}

export function createLikeBatcher(store: TweetsStore, buffer: LikeBuffer): LikeBatcher {
  const batcher: LikeBatcher = {
    async like(tweet) {
      const held = await buffer.add(tweet.id, Date.now());
      tally.count("likesBuffered");
      if (held.pending > LIKES_BATCH_THRESHOLD) await batcher.flush(tweet.id);
      return tweet.likes + unwrittenLikes(tweet, held);
    },

    async flush(tweetId, { retry } = { retry: false }) {
      let written = 0;
      // An inline flush writes one batch; a retrying one also writes what came after a
      // retried batch, so that nothing older than its cutoff stays behind.
      for (let batches = 0; batches < (retry ? MAX_BATCHES_PER_FLUSH : 1); batches++) {
        const batch = await buffer.take(tweetId, { retry });
        if (!batch) break;
        const { applied } = await store.addLikes(tweetId, batch.count, batch.batch);
        await buffer.acknowledge(batch, Date.now());
        if (applied) {
          tally.count("likesFlushed", batch.count);
          written += batch.count;
        }
      }
      return written;
    },

    async flushWaiting(ageMs) {
      const ids = await buffer.waitingSince(Date.now() - ageMs, FLUSH_LIMIT);
      let likes = 0;
      for (const id of ids) likes += await batcher.flush(id, { retry: true });
      return { tweets: ids.length, likes };
    },

    async buffered(tweets) {
      const held = await buffer.held(tweets.map((tweet) => tweet.id));
      return new Map(
        tweets.map((tweet) => [
          tweet.id,
          unwrittenLikes(tweet, held.get(tweet.id) ?? { pending: 0 }),
        ]),
      );
    },
  };
  return batcher;
}
