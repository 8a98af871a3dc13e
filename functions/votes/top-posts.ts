// GET /votes/top?limit=n&community=c: the n top-scoring posts, overall or in one community
// (public).
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { communitySchema } from "../../lib/posts/model";
import { votesStore } from "../../lib/votes/composition-root";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  community: communitySchema.optional(),
});

export const handler = publicRoute({ query }, async ({ query }) =>
  ok({ items: await votesStore.top(query.limit, query.community) }),
);
