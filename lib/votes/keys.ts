// Redis keys of the votes service, all under one prefix (its own key space). The scripts
// also name a community's ranking from the post's stored community (communityTopPrefix),
// so the votes key space lives on one Redis, not spread over a cluster.

export const DEFAULT_KEY_PREFIX = "votes:";

export interface VotesKeys {
  /** Hash: up, down, and once the post's event arrived, community, author (and deleted). */
  post(postId: string): string;
  /** Hash username → 1 or -1: each user's current vote on the post. */
  ballots(postId: string): string;
  /** Sorted set postId → score (upvotes − downvotes), every post not deleted. */
  top: string;
  /** Prefix of the per-community rankings, sorted sets postId → score. */
  communityTopPrefix: string;
  /** Karma changes on a post whose author is not known yet (a list of JSON changes). */
  karmaWaiting(postId: string): string;
  /** Karma changes to deliver: sorted set JSON change → when it may next be tried (ms). */
  karmaOutbox: string;
  /** Counter numbering vote changes, so that each has its own idempotency key. */
  changeSequence: string;
  /** Set while a delivery run is requested or running: one vote asks, the rest need not. */
  deliveryRequested: string;
}

export function votesKeys(prefix: string = DEFAULT_KEY_PREFIX): VotesKeys {
  return {
    post: (postId) => `${prefix}post:${postId}`,
    ballots: (postId) => `${prefix}ballots:${postId}`,
    top: `${prefix}top`,
    communityTopPrefix: `${prefix}top:`,
    karmaWaiting: (postId) => `${prefix}karma-waiting:${postId}`,
    karmaOutbox: `${prefix}karma-outbox`,
    changeSequence: `${prefix}change-sequence`,
    deliveryRequested: `${prefix}delivery-requested`,
  };
}
