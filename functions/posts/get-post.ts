// GET /posts/{id}: the full post (public).
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { postsStore } from "../../lib/posts/composition-root";
import { PostNotFound } from "../../lib/posts/errors";
import { postIdSchema, postView } from "../../lib/posts/model";

const path = z.object({ id: postIdSchema });

export const handler = publicRoute({ path }, async ({ path }) => {
  const post = await postsStore.get(path.id);
  if (!post) throw new PostNotFound(path.id);
  return ok(postView(post));
});
