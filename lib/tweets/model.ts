// The tweet entity: its input rules (API.md's field limits), how a new or edited tweet is
// derived from its text, and the view the API returns.
import * as z from "zod";
import { NotYourTweet, TweetNotFound } from "./errors";
import { hashtagsOf } from "./text";

export const tweetTextSchema = z.string().trim().min(1).max(280);
export const tweetIdSchema = z.uuid();

export interface Tweet {
  id: string;
  username: string;
  text: string;
  hashtags: string[];
  /** Likes written to the table; the batcher may hold more (lib/tweets/like-batcher.ts). */
  likes: number;
  createdAt: string;
  editedAt?: string;
  /** Incremented by every edit, so concurrent edits cannot both win. */
  version: number;
  /** The number of the last like batch written into `likes` (0: none). */
  likeBatch: number;
}

/** What the API shows of a tweet. */
export type TweetView = Omit<Tweet, "version" | "likeBatch">;

export function newTweet(id: string, username: string, text: string, now: Date): Tweet {
  return {
    id,
    username,
    text,
    hashtags: hashtagsOf(text),
    likes: 0,
    createdAt: now.toISOString(),
    version: 1,
    likeBatch: 0,
  };
}

export function editedTweet(tweet: Tweet, text: string, now: Date): Tweet {
  return {
    ...tweet,
    text,
    hashtags: hashtagsOf(text),
    editedAt: now.toISOString(),
    version: tweet.version + 1,
  };
}

/** What the API shows; `pendingLikes` are the ones the batcher has not written yet. */
export function tweetView(tweet: Tweet, pendingLikes = 0): TweetView {
  const { version: _version, likeBatch: _likeBatch, likes, ...shown } = tweet;
  return { ...shown, likes: likes + pendingLikes };
}

export function existingTweet(tweet: Tweet | undefined, id: string): Tweet {
  if (!tweet) throw new TweetNotFound(id);
  return tweet;
}

export function requireAuthor(tweet: Tweet, caller: string, action: string): void {
  if (tweet.username !== caller) throw new NotYourTweet(action);
}
