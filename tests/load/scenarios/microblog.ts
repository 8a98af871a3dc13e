// The microblog in `npm run load`: tweet with a hashtag, search by a word and by the hashtag's
// prefix, like a tweet from the hashtag's listing, and read it (partly from the caches).
import * as z from "zod";
import { pickOne, type ScenarioSteps } from "./scenario";

/** A few hashtags and words shared by every user, so searches and caches see repeats. */
const TOPICS = ["oolong", "sencha", "assam", "darjeeling", "matcha"] as const;

const Tweet = z.object({ id: z.string() });
const Tweets = z.object({ items: z.array(Tweet) });

export const microblogSteps: ScenarioSteps = {
  service: "microblog",
  async run(user, client) {
    const topic = pickOne(TOPICS);
    await client.call("POST /tweets", "/tweets", {
      user,
      body: { text: `Brewing some ${topic} today #${topic}` },
      expect: [201],
    });
    await client.think();
    await client.call("GET /tweets/search?q=words", `/tweets/search?q=brewing+${topic}`);
    await client.think();
    await client.call("GET /hashtags?q=prefix", `/hashtags?q=${topic.slice(0, 3)}`);
    await client.think();
    const tagged = Tweets.safeParse(
      await client.call("GET /hashtags/{tag}/tweets", `/hashtags/${topic}/tweets?limit=10`),
    );
    if (!tagged.success) return;
    const tweet = pickOne(tagged.data.items);
    if (tweet === undefined) return;
    await client.think();
    await client.call("POST /tweets/{id}/likes", `/tweets/${tweet.id}/likes`, {
      user,
      expect: [202],
    });
    await client.think();
    await client.call("GET /tweets/{id}", `/tweets/${tweet.id}`);
    await client.think();
  },
};
