// PUT /votes/{postId}: the caller votes up, down, or withdraws (none); counts, rankings and
// the author's karma change follow from the difference.
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { votesStore } from "../../lib/votes/composition-root";
import { requestKarmaDelivery } from "../../lib/votes/karma-delivery";
import { directionOf, directionSchema, postIdSchema } from "../../lib/votes/model";

const path = z.object({ postId: postIdSchema });
const body = z.strictObject({ direction: directionSchema });

export const handler = authenticatedRoute({ path, body }, async ({ path, body, username }) => {
  const { tally, deliver } = await votesStore.vote(
    path.postId,
    username,
    directionOf(body.direction),
  );
  if (deliver) await requestKarmaDelivery();
  return ok({ ...tally, myVote: body.direction });
});
