// Users, posts, votes and messages together, as two people would use the forum: they
// register, post, vote on each other's posts, message each other, and watch karma and the
// rankings follow.
import { expect, it } from "vitest";
import { createPost, karmaOf, uniqueCommunity, vote } from "../support/forum";
import { api, registerUser } from "../support/gateway";
import { eventually } from "../support/poll";

it("two users post, vote on each other's posts, message, and see karma and rankings change", async () => {
  const [ana, ben] = [await registerUser("ana"), await registerUser("ben")];
  const community = uniqueCommunity("scene");
  const anasPost = await createPost(ana, { community, title: "Ana's question" });
  const bensPost = await createPost(ben, { community, title: "Ben's answer" });

  const listed = await api("GET", `/posts?community=${community}`);
  expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([
    bensPost.id,
    anasPost.id,
  ]);

  await vote(ben, anasPost.id, "up");
  await vote(ana, bensPost.id, "up");
  await vote(ana, bensPost.id, "down");
  await vote(ana, anasPost.id, "up"); // a self-vote counts like any other

  await eventually("karma: Ana 2, Ben -1", async () =>
    (await karmaOf(ana.username)) === 2 && (await karmaOf(ben.username)) === -1 ? true : undefined,
  );
  const ranked = await eventually("both posts ranked in the community", async () => {
    const top = await api("GET", `/votes/top?community=${community}`);
    return top.body.items.length === 2 ? top.body.items : undefined;
  });
  expect(
    ranked.map((item: { postId: string; score: number }) => [item.postId, item.score]),
  ).toEqual([
    [anasPost.id, 2],
    [bensPost.id, -1],
  ]);
  const sorted = await api("POST", "/votes/sort", {
    body: { postIds: [bensPost.id, anasPost.id] },
  });
  expect(sorted.body.items.map((item: { postId: string }) => item.postId)).toEqual([
    anasPost.id,
    bensPost.id,
  ]);

  const sent = await api("POST", "/messages", {
    auth: ben,
    body: { to: ana.username, contents: "Why the downvote?" },
  });
  expect(sent.status).toBe(201);
  const reply = await api("POST", "/messages", {
    auth: ana,
    body: { to: ben.username, contents: "Changed my mind." },
  });
  expect(reply.status).toBe(201);
  await vote(ana, bensPost.id, "up");

  const inbox = await api("GET", "/messages?box=inbox", { auth: ana });
  expect(inbox.body.items.map((m: { id: string }) => m.id)).toEqual([sent.body.id]);
  const bensInbox = await api("GET", "/messages?box=inbox", { auth: ben });
  expect(bensInbox.body.items.map((m: { id: string }) => m.id)).toEqual([reply.body.id]);

  await eventually("Ben's karma back to 1", async () =>
    (await karmaOf(ben.username)) === 1 ? true : undefined,
  );
  await eventually("Ben's post's new score in the ranking", async () => {
    const top = await api("GET", `/votes/top?community=${community}`);
    return top.body.items.find((item: { postId: string }) => item.postId === bensPost.id)?.score ===
      1
      ? true
      : undefined;
  });
});
