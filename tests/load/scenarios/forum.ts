// The forum in `npm run load`: post in a community, list it, vote on what is there, message
// another user (the previous poster the listing shows) and read one's inbox.
import * as z from "zod";
import { pickOne, type ScenarioSteps } from "./scenario";

/** Communities the load posts in, so that listings and rankings hold many posts each. */
const COMMUNITIES = ["load_tea", "load_games", "load_news"] as const;

const Listing = z.object({
  items: z.array(z.object({ id: z.string(), username: z.string() })),
});

const DIRECTIONS = ["up", "up", "down", "none"] as const;

export const forumSteps: ScenarioSteps = {
  service: "forum",
  async run(user, client) {
    const community = pickOne(COMMUNITIES);
    await client.call("POST /posts", "/posts", {
      user,
      body: { title: `A post by ${user.username}`, text: "Load test post.", community },
      expect: [201],
    });
    await client.think();
    const listing = Listing.safeParse(
      await client.call("GET /posts?community=c", `/posts?community=${community}&limit=10`),
    );
    if (!listing.success) return;
    await client.think();
    const post = pickOne(listing.data.items);
    if (post === undefined) return;
    await client.call("PUT /votes/{postId}", `/votes/${post.id}`, {
      user,
      body: { direction: pickOne(DIRECTIONS) },
    });
    await client.think();
    await client.call("POST /messages", "/messages", {
      user,
      body: { to: post.username, contents: `Read your post ${post.id}.` },
      expect: [201],
    });
    await client.think();
    await client.call("GET /messages?box=inbox", "/messages?box=inbox&limit=10", { user });
    await client.think();
  },
};
