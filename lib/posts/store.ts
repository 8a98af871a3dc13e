// The posts store: what the posts service needs from its data. The DynamoDB adapter is
// dynamodb-store.ts; composition-root.ts wires the one in use.
//
// Access patterns (PostsTable, one item per post, key `pk` = POST#<id>; every listing
// index has the sort key `recency` = <createdAt>#<id>, unique and in time order):
// - a post by id                      GetItem, strongly consistent
// - newest first in one community     GSI community-index (community, recency)
// - newest first in every community   GSI recent-index (shard, recency), where shard is
//                                      ALL#<n>, n = a hash of the id modulo RECENT_SHARDS:
//                                      writes spread over that many partitions instead of one
//                                      hot one; a page queries every shard and merges them
// - a user's posts, newest first      GSI author-index (username, recency)
// The indexes project the summary only (never text or url). Deleting the item removes the
// post from every index in the same write.
import type { NewestFirstPosition } from "../dynamodb/newest-first";
import type { Post, PostSummary } from "./model";

export type PostListing =
  | { kind: "all" }
  | { kind: "community"; community: string }
  | { kind: "author"; username: string };

export interface PostsStore {
  /** Stores a new post (its id is fresh). */
  create(post: Post): Promise<void>;
  get(id: string): Promise<Post | undefined>;
  /** Deletes the post if `username` wrote it; PostNotFound, or NotYourPost for another user. */
  delete(id: string, username: string): Promise<Post>;
  /** Newest first, `limit` at a time, continuing after `after`. */
  list(
    listing: PostListing,
    limit: number,
    after?: NewestFirstPosition,
  ): Promise<{ items: PostSummary[]; last?: NewestFirstPosition }>;
}
