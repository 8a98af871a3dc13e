// PATCH /tweets/{id}: the author replaces the text; editedAt is set, hashtags re-derived.
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { responseCache, tweetsStore } from "../../lib/tweets/composition-root";
import { tweetBody, tweetPath } from "../../lib/tweets/inputs";
import { editedTweet, existingTweet, requireAuthor } from "../../lib/tweets/model";
import { LISTS_SCOPE, tweetScope } from "../../lib/tweets/response-cache";
import { tweetViewOf } from "../../lib/tweets/views";

export const handler = authenticatedRoute(
  { path: tweetPath, body: tweetBody },
  async ({ path, body, username }) => {
    const tweet = existingTweet(await tweetsStore.get(path.id), path.id);
    requireAuthor(tweet, username, "edit");
    const stored = await tweetsStore.update(tweet, editedTweet(tweet, body.text, new Date()));
    await responseCache.invalidate(tweetScope(tweet.id), LISTS_SCOPE);
    return ok(await tweetViewOf(stored));
  },
);
