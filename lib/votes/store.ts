// The votes store: votes, counts, rankings and the karma outbox. The Redis adapter is
// redis-store.ts (key layout: keys.ts, atomic steps: scripts.ts); composition-root.ts wires
// the one in use.
//
// Access patterns:
// - cast, change or withdraw a user's vote: one script moves the counts by the difference,
//   updates both rankings and records the karma change with its idempotency key
// - a post's counts                     HMGET on the post's hash
// - the top n, overall or in a community ZREVRANGE on a ranking
// - scores of given posts               ZMSCORE on the overall ranking
// - a post's community and author, or its deletion, from the posts service's event
// - karma changes to deliver            claimed from the outbox with a lease, removed once
//                                        users-adjustKarma applied them

export type Direction = 1 | -1 | 0;

export interface Tally {
  postId: string;
  upvotes: number;
  downvotes: number;
  score: number;
}

export interface PostFacts {
  postId: string;
  community: string;
  username: string;
  deleted: boolean;
}

/** One vote change's effect on its post author's karma. */
export interface KarmaChange {
  /** Unique per vote change: users-adjustKarma applies a key once. */
  key: string;
  username: string;
  delta: number;
  /** The outbox entry, as stored. */
  entry: string;
}

export interface VotesStore {
  /** Sets the user's vote; PostDeleted for a deleted post. `deliver`: start a karma delivery. */
  vote(
    postId: string,
    username: string,
    direction: Direction,
  ): Promise<{ tally: Tally; deliver: boolean }>;
  myVote(postId: string, username: string): Promise<Direction>;
  tally(postId: string): Promise<Tally>;
  top(limit: number, community?: string): Promise<Tally[]>;
  /** The overall score of each post, 0 for an unknown or deleted one, in the given order. */
  scores(postIds: string[]): Promise<number[]>;
  /** Records the posts service's event; returns whether to start a karma delivery. */
  recordPost(facts: PostFacts): Promise<boolean>;
  /** Karma changes now due, each leased to the caller for `leaseMs`. */
  claimKarmaChanges(max: number, leaseMs: number): Promise<KarmaChange[]>;
  /** Removes a change users-adjustKarma has applied. */
  completeKarmaChange(change: KarmaChange): Promise<void>;
  /** Clears the delivery request: changes recorded from now on ask for a new delivery. */
  clearDeliveryRequest(): Promise<void>;
}
