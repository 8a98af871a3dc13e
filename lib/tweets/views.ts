// Tweets as the API shows them: their likes include the ones still waiting in the batcher.
// A buffer that cannot answer shows the table's count rather than failing the read.
import { orFallback } from "../redis/unreachable";
import { likeBatcher } from "./composition-root";
import { type Tweet, type TweetView, tweetView } from "./model";

export async function tweetViews(tweets: Tweet[]): Promise<TweetView[]> {
  const buffered = await orFallback(
    "like buffer",
    () => likeBatcher.buffered(tweets),
    new Map<string, number>(),
  );
  return tweets.map((tweet) => tweetView(tweet, buffered.get(tweet.id) ?? 0));
}

export async function tweetViewOf(tweet: Tweet): Promise<TweetView> {
  const [view] = await tweetViews([tweet]);
  return view ?? tweetView(tweet);
}
