// POST /tweets/{id}/likes: one more like, counted in the batcher (never written to the
// table on its own); 202 with the tweet's total, written and buffered.
import { json } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { unreachableAs } from "../../lib/redis/unreachable";
import { likeBatcher, responseCache, tweetsStore } from "../../lib/tweets/composition-root";
import { LikesUnavailable } from "../../lib/tweets/errors";
import { tweetPath } from "../../lib/tweets/inputs";
import { existingTweet } from "../../lib/tweets/model";
import { tweetScope } from "../../lib/tweets/response-cache";

export const handler = authenticatedRoute({ path: tweetPath }, async ({ path }) => {
  const tweet = existingTweet(await tweetsStore.get(path.id), path.id);
  const likes = await likeBatcher.like(tweet).catch(unreachableAs(() => new LikesUnavailable()));
  await responseCache.invalidate(tweetScope(tweet.id));
  return json(202, { id: tweet.id, likes });
});
