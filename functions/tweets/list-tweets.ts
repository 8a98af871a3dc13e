// GET /tweets?username=u: every tweet, or one user's, newest first (public).
import * as z from "zod";
import { paginationQuery } from "../../lib/http/pagination";
import { publicRoute } from "../../lib/http/route";
import { responseCache, tweetsStore } from "../../lib/tweets/composition-root";
import { tweetListing } from "../../lib/tweets/listing";
import { LISTS_SCOPE } from "../../lib/tweets/response-cache";
import { usernameSchema } from "../../lib/users/model";

const query = z.object({ username: usernameSchema.optional(), ...paginationQuery });

export const handler = publicRoute(
  { query },
  responseCache.cached(
    () => LISTS_SCOPE,
    async ({ query }) => {
      const { username, limit, cursor } = query;
      if (username === undefined) {
        return tweetListing("tweets", cursor, (after) => tweetsStore.listRecent(limit, after));
      }
      return tweetListing(`tweets?username=${username}`, cursor, (after) =>
        tweetsStore.listByUser(username, limit, after),
      );
    },
  ),
);
