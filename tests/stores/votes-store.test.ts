// The votes store against a real redis-server of its own (not the stack's): exact counts
// under concurrent votes, rankings, post events, and the karma outbox.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { PostDeleted } from "../../lib/votes/errors";
import { createRedisVotesStore } from "../../lib/votes/redis-store";
import type { Direction, KarmaChange, VotesStore } from "../../lib/votes/store";
import { connectTo, useFlushedRedisServer } from "../support/redis-server";

const redisServer = useFlushedRedisServer();
let store: VotesStore;

beforeAll(() => {
  store = createRedisVotesStore(redisServer.redis);
});

/** Every change in the outbox, claimed with a lease long enough for the test. */
const outbox = () => store.claimKarmaChanges(10_000, 60_000);
const karmaOf = (changes: KarmaChange[], username: string) =>
  changes.filter((c) => c.username === username).reduce((sum, c) => sum + c.delta, 0);

describe("votes", () => {
  it("count exactly when 50 users vote at once, each on their own connection", async () => {
    const postId = randomUUID();
    await store.recordPost({ postId, community: "cats", username: "author", deleted: false });
    const connections = Array.from({ length: 50 }, () => connectTo(redisServer.server));
    try {
      await Promise.all(
        connections.map((connection, i) =>
          createRedisVotesStore(connection).vote(postId, `voter${i}`, i % 5 ? 1 : -1),
        ),
      );
    } finally {
      await Promise.all(connections.map((connection) => connection.quit()));
    }
    expect(await store.tally(postId)).toEqual({ postId, upvotes: 40, downvotes: 10, score: 30 });
    expect(karmaOf(await outbox(), "author")).toBe(30);
  });

  it("move counts and karma by exactly the difference when a vote changes", async () => {
    const postId = randomUUID();
    await store.recordPost({ postId, community: "cats", username: "author", deleted: false });
    const sequence: Direction[] = [1, 1, -1, 0, -1, 1, 0, 1];
    for (const direction of sequence) await store.vote(postId, "fickle", direction);
    expect(await store.tally(postId)).toMatchObject({ upvotes: 1, downvotes: 0, score: 1 });
    expect(await store.myVote(postId, "fickle")).toBe(1);
    const changes = await outbox();
    // Every change but the repeated "up" is recorded, each under a key of its own.
    expect(changes).toHaveLength(sequence.length - 1);
    expect(new Set(changes.map((c) => c.key)).size).toBe(changes.length);
    expect(karmaOf(changes, "author")).toBe(1);
  });

  it("hold karma changes until the post's author is known", async () => {
    const postId = randomUUID();
    const early = await store.vote(postId, "early", 1);
    expect(early.deliver).toBe(false);
    expect(await outbox()).toEqual([]);
    expect(
      await store.recordPost({ postId, community: "dogs", username: "writer", deleted: false }),
    ).toBe(true);
    expect(karmaOf(await outbox(), "writer")).toBe(1);
    expect(await store.top(10, "dogs")).toEqual([{ postId, upvotes: 1, downvotes: 0, score: 1 }]);
  });

  it("rank overall and per community, and drop a deleted post for good", async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    for (const [postId, community] of [
      [a, "cats"],
      [b, "cats"],
      [c, "dogs"],
    ] as const) {
      await store.recordPost({ postId, community, username: "w", deleted: false });
    }
    await store.vote(a, "u1", 1);
    await store.vote(c, "u1", 1);
    await store.vote(c, "u2", 1);
    await store.vote(b, "u1", -1);
    expect((await store.top(10)).map((t) => t.postId)).toEqual([c, a, b]);
    expect((await store.top(10, "cats")).map((t) => t.postId)).toEqual([a, b]);
    expect(await store.scores([b, randomUUID(), c])).toEqual([-1, 0, 2]);

    await store.recordPost({ postId: c, community: "dogs", username: "w", deleted: true });
    // A late creation event does not bring it back.
    await store.recordPost({ postId: c, community: "dogs", username: "w", deleted: false });
    expect((await store.top(10)).map((t) => t.postId)).toEqual([a, b]);
    expect(await store.top(10, "dogs")).toEqual([]);
    expect(await store.scores([c])).toEqual([0]);
    await expect(store.vote(c, "u3", 1)).rejects.toBeInstanceOf(PostDeleted);
  });
});

describe("the karma outbox", () => {
  it("leases claimed changes, and forgets a change once completed", async () => {
    const postId = randomUUID();
    await store.recordPost({ postId, community: "cats", username: "author", deleted: false });
    const first = await store.vote(postId, "v1", 1);
    expect(first.deliver).toBe(true);
    // A delivery is requested already: the next vote need not ask again.
    expect((await store.vote(postId, "v2", 1)).deliver).toBe(false);

    const claimed = await store.claimKarmaChanges(10, 200);
    expect(claimed).toHaveLength(2);
    expect(await store.claimKarmaChanges(10, 200)).toEqual([]);
    const [done, undelivered] = claimed as [KarmaChange, KarmaChange];
    await store.completeKarmaChange(done);
    // The other one's lease ends and it is due again.
    await expect.poll(() => store.claimKarmaChanges(10, 200)).toEqual([undelivered]);

    await store.clearDeliveryRequest();
    expect((await store.vote(postId, "v3", 1)).deliver).toBe(true);
  });
});
