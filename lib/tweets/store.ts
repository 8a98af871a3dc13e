// The tweets store: what the microblog needs from its data. The DynamoDB adapter is
// dynamodb-store.ts (its access patterns and items are listed at its top);
// composition-root.ts wires the one in use.
import * as z from "zod";
import type { Tweet } from "./model";

/**
 * Where a newest-first listing stopped: the recency key (`<createdAt>#<id>`) of the last
 * tweet, or index entry, it looked at. The next page holds only older ones.
 */
export const recencyPosition = z.object({ before: z.string().min(1).max(200) });
export type RecencyPosition = z.output<typeof recencyPosition>;

export interface Page<T> {
  items: T[];
  last?: RecencyPosition;
}

export interface HashtagCount {
  tag: string;
  count: number;
}

/** What writing a batch of likes did (lib/tweets/like-batcher.ts), and the tweet after it. */
export interface LikesWrite {
  /** False when the batch had been written before, or the tweet is gone. */
  applied: boolean;
  tweet?: Tweet;
}

export interface TweetsStore {
  create(tweet: Tweet): Promise<void>;
  get(id: string): Promise<Tweet | undefined>;
  /**
   * Replaces the text of `before` with that of `after` (an edit) and returns the tweet as
   * stored; TweetChanged if it was edited meanwhile.
   */
  update(before: Tweet, after: Tweet): Promise<Tweet>;
  delete(tweet: Tweet): Promise<void>;
  /** Every tweet, newest first. */
  listRecent(limit: number, after?: RecencyPosition): Promise<Page<Tweet>>;
  /** One user's tweets, newest first. */
  listByUser(username: string, limit: number, after?: RecencyPosition): Promise<Page<Tweet>>;
  /** Tweets holding every one of `words` (normalized, lib/tweets/text.ts), newest first. */
  search(words: string[], limit: number, after?: RecencyPosition): Promise<Page<Tweet>>;
  /** Tweets tagged `tag` (normalized), newest first. */
  listByHashtag(tag: string, limit: number, after?: RecencyPosition): Promise<Page<Tweet>>;
  /** Hashtags in use that start with `prefix` (normalized, not empty), in tag order. */
  hashtagsByPrefix(prefix: string, limit: number): Promise<HashtagCount[]>;
  /**
   * Adds batch `batch` of `count` likes to the tweet, once: a batch number at or below the
   * last one written is not added again.
   */
  addLikes(id: string, count: number, batch: number): Promise<LikesWrite>;
}
