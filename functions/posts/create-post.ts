// POST /posts: the caller posts in a community.
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { created } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { postsStore } from "../../lib/posts/composition-root";
import {
  communitySchema,
  type Post,
  postUrlSchema,
  postView,
  textSchema,
  titleSchema,
} from "../../lib/posts/model";
import { announcePost } from "../../lib/posts/post-events";

const body = z.strictObject({
  title: titleSchema,
  text: textSchema.default(""),
  community: communitySchema,
  url: postUrlSchema.optional(),
});

export const handler = authenticatedRoute({ body }, async ({ body, username }) => {
  const post: Post = {
    id: randomUUID(),
    title: body.title,
    text: body.text,
    community: body.community,
    ...(body.url === undefined ? {} : { url: body.url }),
    username,
    createdAt: new Date().toISOString(),
  };
  await postsStore.create(post);
  await announcePost(post, false);
  return created(`/posts/${post.id}`, postView(post));
});
