// PUT /rating/{key} {rating, clock}: merges the write into the key's primary shard and
// answers the merged value (public). 503 while that shard is down.
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { ratings } from "../../lib/ratings/composition-root";
import { ratingKey, ratingWrite } from "../../lib/ratings/inputs";

export const handler = publicRoute(
  { path: z.object({ key: ratingKey }), body: ratingWrite },
  async ({ path, body }) => ok(await ratings.put(path.key, body)),
);
