// GET /rating/{key}?consistency=strong|weak: the key's value from its primary shard (strong,
// the default; 503 while it is down) or from a random live shard, perhaps stale (weak).
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { ratings } from "../../lib/ratings/composition-root";
import { ratingKey } from "../../lib/ratings/inputs";

export const handler = publicRoute(
  {
    path: z.object({ key: ratingKey }),
    query: z.object({ consistency: z.enum(["strong", "weak"]).default("strong") }),
  },
  async ({ path, query }) => ok(await ratings.get(path.key, query.consistency)),
);
