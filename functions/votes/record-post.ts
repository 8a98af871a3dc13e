// Internal votes-recordPost {postId, community, username, deleted}: the posts service's event
// (an async invoke, lib/posts/post-events.ts). Tells votes a post's community and author, or
// that it was deleted; recording the same event again changes nothing.
import * as z from "zod";
import { internalFunction } from "../../lib/internal-function";
import { communitySchema } from "../../lib/posts/model";
import { usernameSchema } from "../../lib/users/model";
import { votesStore } from "../../lib/votes/composition-root";
import { requestKarmaDelivery } from "../../lib/votes/karma-delivery";
import { postIdSchema } from "../../lib/votes/model";

const PostEvent = z.strictObject({
  postId: postIdSchema,
  community: communitySchema,
  username: usernameSchema,
  deleted: z.boolean(),
});

export const handler = internalFunction(PostEvent, async (event) => {
  if (await votesStore.recordPost(event)) await requestKarmaDelivery();
  return { postId: event.postId, recorded: true };
});
