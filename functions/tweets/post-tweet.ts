// POST /tweets: the caller posts a tweet; its hashtags are derived from the text.
import { randomUUID } from "node:crypto";
import { created } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { responseCache, tweetsStore } from "../../lib/tweets/composition-root";
import { tweetBody } from "../../lib/tweets/inputs";
import { newTweet, tweetView } from "../../lib/tweets/model";
import { LISTS_SCOPE } from "../../lib/tweets/response-cache";

export const handler = authenticatedRoute({ body: tweetBody }, async ({ body, username }) => {
  const tweet = newTweet(randomUUID(), username, body.text, new Date());
  await tweetsStore.create(tweet);
  await responseCache.invalidate(LISTS_SCOPE);
  return created(`/tweets/${tweet.id}`, tweetView(tweet));
});
