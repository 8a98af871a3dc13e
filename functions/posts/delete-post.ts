// DELETE /posts/{id}: the author deletes their post; it leaves every listing at once, and
// the votes service drops it from its rankings when the post's event reaches it.
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { postsStore } from "../../lib/posts/composition-root";
import { postIdSchema } from "../../lib/posts/model";
import { announcePost } from "../../lib/posts/post-events";

const path = z.object({ id: postIdSchema });

export const handler = authenticatedRoute({ path }, async ({ path, username }) => {
  const post = await postsStore.delete(path.id, username);
  await announcePost(post, true);
  return ok({ id: post.id, deleted: true });
});
