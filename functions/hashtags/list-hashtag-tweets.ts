// GET /hashtags/{tag}/tweets: the tweets tagged #tag, newest first (public).
import * as z from "zod";
import { paginationQuery } from "../../lib/http/pagination";
import { publicRoute } from "../../lib/http/route";
import { responseCache, tweetsStore } from "../../lib/tweets/composition-root";
import { hashtagSchema } from "../../lib/tweets/inputs";
import { tweetListing } from "../../lib/tweets/listing";
import { LISTS_SCOPE } from "../../lib/tweets/response-cache";

const path = z.object({ tag: hashtagSchema });
const query = z.object(paginationQuery);

export const handler = publicRoute(
  { path, query },
  responseCache.cached(
    () => LISTS_SCOPE,
    async ({ path, query }) => {
      return tweetListing(`hashtags/${path.tag}/tweets`, query.cursor, (after) =>
        tweetsStore.listByHashtag(path.tag, query.limit, after),
      );
    },
  ),
);
