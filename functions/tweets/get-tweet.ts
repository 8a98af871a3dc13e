// GET /tweets/{id}: one tweet, its likes including those the batcher holds (public).
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { responseCache, tweetsStore } from "../../lib/tweets/composition-root";
import { tweetPath } from "../../lib/tweets/inputs";
import { existingTweet } from "../../lib/tweets/model";
import { tweetScope } from "../../lib/tweets/response-cache";
import { tweetViewOf } from "../../lib/tweets/views";

export const handler = publicRoute(
  { path: tweetPath },
  responseCache.cached(
    ({ path }) => tweetScope(path.id),
    async ({ path }) =>
      ok(await tweetViewOf(existingTweet(await tweetsStore.get(path.id), path.id))),
  ),
);
