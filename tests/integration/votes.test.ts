// Votes through the gateway: exact counts under concurrency, rankings fed by the posts
// service's events, and karma that reaches the author exactly once, even when
// users-adjustKarma fails for a while.
import { randomUUID } from "node:crypto";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { localDynamoClient } from "../../local/local-aws";
import { createPost, karmaOf, uniqueCommunity, vote } from "../support/forum";
import { api, type Credentials, invoke, meOnNewConnection, registerUser } from "../support/gateway";
import { eventually } from "../support/poll";

let author: Credentials;
let voter: Credentials;
beforeAll(async () => {
  [author, voter] = await Promise.all([registerUser("author"), registerUser("voter")]);
});

/** `count` new users, a few at a time: registration hashes passwords, on two cores. */
async function registerUsers(count: number, prefix: string): Promise<Credentials[]> {
  const users: Credentials[] = [];
  while (users.length < count) {
    const batch = Math.min(5, count - users.length);
    users.push(...(await Promise.all(Array.from({ length: batch }, () => registerUser(prefix)))));
  }
  return users;
}

/**
 * PUT is idempotent: a vote the gateway could not deliver (a 5xx before the function ran,
 * e.g. an authorizer that timed out) is sent again, as a client would.
 */
async function voteIdempotently(v: Credentials, postId: string, direction: string) {
  for (let attempt = 1; ; attempt++) {
    const response = await api("PUT", `/votes/${postId}`, { auth: v, body: { direction } });
    if (response.status < 500 || attempt === 3) return response;
  }
}

/** The post's place in a ranking, when it is there. */
async function inTop(postId: string, community?: string) {
  const query = community ? `&community=${community}` : "";
  const response = await api("GET", `/votes/top?limit=100${query}`);
  expect(response.status).toBe(200);
  return response.body.items.find((item: { postId: string }) => item.postId === postId);
}

describe("PUT /votes/{postId}", () => {
  it("records one vote per user; changing or withdrawing moves the counts", async () => {
    const post = await createPost(author);
    const up = await api("PUT", `/votes/${post.id}`, { auth: voter, body: { direction: "up" } });
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ postId: post.id, upvotes: 1, downvotes: 0, score: 1, myVote: "up" });
    expect(await vote(voter, post.id, "up")).toMatchObject({ upvotes: 1, score: 1 });
    expect(await vote(voter, post.id, "down")).toMatchObject({ upvotes: 0, downvotes: 1 });
    expect(await vote(voter, post.id, "none")).toMatchObject({ upvotes: 0, downvotes: 0 });
    const read = await api("GET", `/votes/${post.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ postId: post.id, upvotes: 0, downvotes: 0, score: 0 });
  });

  it.each([
    { description: "a bad direction", body: { direction: "sideways" }, field: "direction" },
    { description: "no direction", body: {}, field: "direction" },
    { description: "an unknown field", body: { direction: "up", weight: 5 }, field: "" },
  ])("400 for $description", async ({ body, field }) => {
    const response = await api("PUT", `/votes/${randomUUID()}`, { auth: voter, body });
    expect(response.status).toBe(400);
    const paths = response.body.error.issues.map((issue: { path: string }) => issue.path);
    if (field) expect(paths).toContain(field);
  });

  it("400 for a post id that is not one, 401 without credentials", async () => {
    const bad = await api("PUT", "/votes/nope", { auth: voter, body: { direction: "up" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe("postId");
    const anonymous = await api("PUT", `/votes/${randomUUID()}`, { body: { direction: "up" } });
    expect(anonymous.status).toBe(401);
  });

  it("counts exactly when 50 users vote on one post at once", async () => {
    const post = await createPost(author);
    const voters = await registerUsers(50, "crowd");
    // The first call of each voter costs the authorizer a scrypt; 50 at once on two cores
    // would outlast the gateway's timeout, which is not what this test is about. One login
    // each fills the stage's authorizer cache, which every gateway worker shares.
    for (const v of voters) expect(await meOnNewConnection(v)).toBe(200);
    const responses = await Promise.all(
      voters.map((v, i) => voteIdempotently(v, post.id, i % 5 ? "up" : "down")),
    );
    expect(responses.map((r) => r.status)).toEqual(voters.map(() => 200));
    const tally = await api("GET", `/votes/${post.id}`);
    expect(tally.body).toEqual({ postId: post.id, upvotes: 40, downvotes: 10, score: 30 });
  }, 240_000);

  it("gives the author exact karma after many changes by many voters", async () => {
    const writer = await registerUser("writer");
    const post = await createPost(writer);
    const voters = await registerUsers(5, "flip");
    const plan = ["up", "down", "none", "up", "up", "down"] as const;
    await Promise.all(
      voters.map(async (v, i) => {
        for (const direction of plan.slice(0, i + 2)) await vote(v, post.id, direction);
      }),
    );
    // Final votes: i=0 down, 1 none, 2 up, 3 up, 4 down → score 0, karma 0; one more up.
    await vote(voters[1] as Credentials, post.id, "up");
    const tally = (await api("GET", `/votes/${post.id}`)).body;
    expect(tally).toMatchObject({ upvotes: 3, downvotes: 2, score: 1 });
    await eventually("karma 1", async () =>
      (await karmaOf(writer.username)) === 1 ? 1 : undefined,
    );
    // Deliveries started again change nothing.
    await invoke("votes-deliverKarma", {});
    expect(await karmaOf(writer.username)).toBe(1);
  });

  it("counts self-votes like any other", async () => {
    const self = await registerUser("self");
    const post = await createPost(self);
    await vote(self, post.id, "up");
    await eventually("self karma", async () =>
      (await karmaOf(self.username)) === 1 ? 1 : undefined,
    );
  });
});

describe("rankings", () => {
  it("rank posts overall and per community, and drop a deleted post", async () => {
    const community = uniqueCommunity();
    const [low, high] = [
      await createPost(author, { community }),
      await createPost(author, { community }),
    ];
    await vote(voter, high.id, "up");
    await vote(author, high.id, "up");
    await vote(voter, low.id, "down");
    const ranked = await eventually("both posts ranked in their community", async () => {
      const response = await api("GET", `/votes/top?community=${community}`);
      return response.body.items.length === 2 ? response.body.items : undefined;
    });
    expect(ranked).toEqual([
      { postId: high.id, upvotes: 2, downvotes: 0, score: 2 },
      { postId: low.id, upvotes: 0, downvotes: 1, score: -1 },
    ]);
    expect(await inTop(high.id)).toMatchObject({ score: 2 });

    expect((await api("DELETE", `/posts/${high.id}`, { auth: author })).status).toBe(200);
    await eventually("the deleted post out of the rankings", async () =>
      (await inTop(high.id)) === undefined && (await inTop(high.id, community)) === undefined
        ? true
        : undefined,
    );
    const late = await api("PUT", `/votes/${high.id}`, { auth: voter, body: { direction: "up" } });
    expect(late.status).toBe(404);
  });

  it("400 for a bad limit or community", async () => {
    expect((await api("GET", "/votes/top?limit=0")).status).toBe(400);
    expect((await api("GET", "/votes/top?community=x")).status).toBe(400);
  });
});

describe("POST /votes/sort", () => {
  it("sorts given ids by score, unknown ids at 0", async () => {
    const [a, b] = [await createPost(author), await createPost(author)];
    await vote(voter, a.id, "down");
    await vote(voter, b.id, "up");
    const unknown = randomUUID();
    const response = await api("POST", "/votes/sort", { body: { postIds: [a.id, unknown, b.id] } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [
        { postId: b.id, score: 1 },
        { postId: unknown, score: 0 },
        { postId: a.id, score: -1 },
      ],
    });
  });

  it.each([
    {
      description: "duplicates",
      postIds: ["dup", "dup"].map(() => "0b6c1d0e-6f43-4e29-9d8e-2d1c1b0a9f11"),
    },
    { description: "more than 100 ids", postIds: Array.from({ length: 101 }, () => randomUUID()) },
    { description: "an id that is not one", postIds: ["nope"] },
    { description: "no list", postIds: undefined },
  ])("400 for $description", async ({ postIds }) => {
    const response = await api("POST", "/votes/sort", { body: { postIds } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    expect(response.body.error.issues[0].path).toMatch(/^postIds/);
  });
});

describe("karma while users-adjustKarma fails", () => {
  const documents = DynamoDBDocumentClient.from(localDynamoClient(inject("dynamodbEndpoint")));
  const TableName = "agora-local-users";
  afterAll(() => documents.destroy());

  it("keeps the votes, loses nothing and doubles nothing once it works again", async () => {
    const writer = await registerUser("unlucky");
    const post = await createPost(writer);
    const voters = await registerUsers(4, "patient");

    // users-adjustKarma fails (UserNotFound) while the author's record is away.
    const Key = { pk: `USER#${writer.username}` };
    const { Item } = await documents.send(new GetCommand({ TableName, Key }));
    await documents.send(new DeleteCommand({ TableName, Key }));
    for (const [i, v] of voters.entries()) {
      expect(
        (await api("PUT", `/votes/${post.id}`, { auth: v, body: { direction: "up" } })).status,
      ).toBe(200);
      if (i === 0) await vote(v, post.id, "down");
    }
    const attempt = (await invoke("votes-deliverKarma", {})).result as { delivered: number };
    expect(attempt.delivered).toBe(0);

    // Back: (3 up + 1 down) = karma 2, whichever deliveries repeat.
    await documents.send(new PutCommand({ TableName, Item: { ...Item, karma: 0 } }));
    const karma = await eventually(
      "the karma delivered",
      async () => {
        await invoke("votes-deliverKarma", {});
        const now = await karmaOf(writer.username);
        return now === 2 ? now : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(karma).toBe(2);
    await invoke("votes-deliverKarma", {});
    expect(await karmaOf(writer.username)).toBe(2);
  });

  it("applies a repeated users-adjustKarma delivery once", async () => {
    const user = await registerUser("once");
    const change = { username: user.username, delta: 3, idempotencyKey: `test:${randomUUID()}` };
    await invoke("users-adjustKarma", change);
    const again = await invoke("users-adjustKarma", change);
    expect(again.result).toEqual({ username: user.username, karma: 3 });
  });
});
