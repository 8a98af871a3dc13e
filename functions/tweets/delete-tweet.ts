// DELETE /tweets/{id}: the author deletes the tweet, and it leaves every index.
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { responseCache, tweetsStore } from "../../lib/tweets/composition-root";
import { tweetPath } from "../../lib/tweets/inputs";
import { existingTweet, requireAuthor } from "../../lib/tweets/model";
import { LISTS_SCOPE, tweetScope } from "../../lib/tweets/response-cache";

export const handler = authenticatedRoute({ path: tweetPath }, async ({ path, username }) => {
  const tweet = existingTweet(await tweetsStore.get(path.id), path.id);
  requireAuthor(tweet, username, "delete");
  await tweetsStore.delete(tweet);
  await responseCache.invalidate(tweetScope(tweet.id), LISTS_SCOPE);
  return ok({ id: tweet.id, deleted: true });
});
