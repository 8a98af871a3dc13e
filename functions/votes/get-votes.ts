// GET /votes/{postId}: a post's counts (zeros for a post nobody voted on) (public).
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { votesStore } from "../../lib/votes/composition-root";
import { postIdSchema } from "../../lib/votes/model";

const path = z.object({ postId: postIdSchema });

export const handler = publicRoute({ path }, async ({ path }) =>
  ok(await votesStore.tally(path.postId)),
);
