// POST /votes/sort {postIds}: the given posts sorted by score, highest first; unknown ids
// score 0, and equal scores keep the given order (public).
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { votesStore } from "../../lib/votes/composition-root";
import { postIdSchema } from "../../lib/votes/model";

const body = z.strictObject({
  postIds: z
    .array(postIdSchema)
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, "must not repeat an id"),
});

export const handler = publicRoute({ body }, async ({ body }) => {
  const scores = await votesStore.scores(body.postIds);
  const items = body.postIds
    .map((postId, i) => ({ postId, score: scores[i] ?? 0 }))
    .sort((a, b) => b.score - a.score);
  return ok({ items });
});
