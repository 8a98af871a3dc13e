// GET /hashtags?q=prefix: hashtags in use starting with q, with their tweet counts (public).
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { responseCache, tweetsStore } from "../../lib/tweets/composition-root";
import { hashtagSchema } from "../../lib/tweets/inputs";
import { LISTS_SCOPE } from "../../lib/tweets/response-cache";

const query = z.object({
  q: hashtagSchema,
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const handler = publicRoute(
  { query },
  responseCache.cached(
    () => LISTS_SCOPE,
    async ({ query }) => {
      return ok({ items: await tweetsStore.hashtagsByPrefix(query.q, query.limit) });
    },
  ),
);
