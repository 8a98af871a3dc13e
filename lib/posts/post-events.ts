// How the votes service learns what it must know of a post (its community and author, and
// that it was deleted) without ever reading PostsTable: each create and delete sends an
// asynchronous Lambda invoke (InvocationType Event) of votes-recordPost. Lambda queues the
// event and retries a failed run twice; the receiver is idempotent, so a repeat is harmless.
import { invokeFunctionAsync } from "../clients/lambda";
import { describeError, log } from "../log";
import type { Post } from "./model";

export const RECORD_POST = "votes-recordPost";

export interface PostEvent {
  postId: string;
  community: string;
  username: string;
  deleted: boolean;
}

/** Queues the post's event for the votes service; never throws (the post is already saved). */
export async function announcePost(post: Post, deleted: boolean): Promise<void> {
  const event: PostEvent = {
    postId: post.id,
    community: post.community,
    username: post.username,
    deleted,
  };
  try {
    await invokeFunctionAsync(RECORD_POST, event);
  } catch (error) {
    log.error("could not queue a post event for votes", { ...event, ...describeError(error) });
  }
}
