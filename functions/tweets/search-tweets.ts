// GET /tweets/search?q=words: tweets holding every word of q, newest first (public).
import * as z from "zod";
import { paginationQuery } from "../../lib/http/pagination";
import { publicRoute } from "../../lib/http/route";
import { responseCache, tweetsStore } from "../../lib/tweets/composition-root";
import { tweetListing } from "../../lib/tweets/listing";
import { LISTS_SCOPE } from "../../lib/tweets/response-cache";
import { wordsOf } from "../../lib/tweets/text";

const MAX_WORDS = 10;

const query = z.object({
  q: z
    .string()
    .max(280)
    .transform(wordsOf)
    .pipe(z.array(z.string()).min(1, "must hold a word").max(MAX_WORDS)),
  ...paginationQuery,
});

export const handler = publicRoute(
  { query },
  responseCache.cached(
    () => LISTS_SCOPE,
    async ({ query }) => {
      const { q: words, limit, cursor } = query;
      const list = `tweets/search?q=${[...words].sort().join(" ")}`;
      return tweetListing(list, cursor, (after) => tweetsStore.search(words, limit, after));
    },
  ),
);
