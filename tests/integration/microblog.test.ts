// The microblog's caches, like batcher and the request log, driven through the real gateway.
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRedisLikeBuffer } from "../../lib/tweets/redis-like-buffer";
import { api, type Credentials, invoke, registerUser } from "../support/gateway";
import { eventually } from "../support/poll";

let alice: Credentials;
let bob: Credentials;
let redis: Redis;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  [alice, bob] = await Promise.all([registerUser("alice"), registerUser("bob")]);
  redis = new Redis(inject("redisUrl"), { password: inject("redisPassword") || undefined });
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: inject("dynamodbEndpoint"),
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
});

afterAll(() => {
  redis?.disconnect();
  documents?.destroy();
});

async function post(text: string, auth: Credentials = alice): Promise<string> {
  const response = await api("POST", "/tweets", { auth, body: { text } });
  expect(response.status).toBe(201);
  return response.body.id;
}

/** The like count the table holds, without the batcher's pending likes. */
async function storedLikes(id: string): Promise<number> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: "agora-local-tweets", Key: { pk: `TWEET#${id}`, sk: "TWEET" } }),
  );
  return Number(Item?.likes ?? 0);
}

const flushAll = () => invoke("tweets-flushLikes", { olderThanSeconds: 0 });

describe("the response cache", () => {
  it("answers a repeated GET from the cache: x-cache miss, then hit", async () => {
    const id = await post("cached");
    const first = await api("GET", `/tweets/${id}`);
    const second = await api("GET", `/tweets/${id}`);
    expect(first.headers.get("x-cache")).toBe("miss");
    expect(second.headers.get("x-cache")).toBe("hit");
    expect(second.body).toEqual(first.body);
  });

  it("normalizes the query: the same parameters in another order hit", async () => {
    const author = await registerUser("order");
    await post("one", author);
    const first = await api("GET", `/tweets?username=${author.username}&limit=5`);
    const second = await api("GET", `/tweets?limit=5&username=${author.username}`);
    expect(first.headers.get("x-cache")).toBe("miss");
    expect(second.headers.get("x-cache")).toBe("hit");
  });

  it("shows an edit at once, to the author and everyone else", async () => {
    const id = await post("before");
    await api("GET", `/tweets/${id}`);
    expect((await api("GET", `/tweets/${id}`)).headers.get("x-cache")).toBe("hit");
    await api("PATCH", `/tweets/${id}`, { auth: alice, body: { text: "after" } });
    const read = await api("GET", `/tweets/${id}`, { auth: bob });
    expect(read.headers.get("x-cache")).toBe("miss");
    expect(read.body.text).toBe("after");
  });

  it("forgets a deleted tweet at once, and new tweets show in cached lists", async () => {
    const author = await registerUser("lists");
    const id = await post("doomed", author);
    await api("GET", `/tweets/${id}`);
    const list = `/tweets?username=${author.username}`;
    expect((await api("GET", list)).body.items).toHaveLength(1);
    await api("DELETE", `/tweets/${id}`, { auth: author });
    expect((await api("GET", `/tweets/${id}`)).status).toBe(404);
    expect((await api("GET", list)).body.items).toHaveLength(0);
    const fresh = await post("new one", author);
    expect((await api("GET", list)).body.items.map((t: { id: string }) => t.id)).toEqual([fresh]);
  });

  it("keeps no error answer", async () => {
    const missing = `/tweets/${randomUUID()}`;
    await api("GET", missing);
    const again = await api("GET", missing);
    expect(again.status).toBe(404);
    expect(again.headers.get("x-cache")).toBeNull();
  });

  it("lets an answer expire after its TTL", async () => {
    const id = await post("short-lived cache entry");
    await api("GET", `/tweets/${id}`);
    expect((await api("GET", `/tweets/${id}`)).headers.get("x-cache")).toBe("hit");
    const started = Date.now();
    await eventually(
      "the cached answer to expire",
      async () =>
        (await api("GET", `/tweets/${id}`)).headers.get("x-cache") === "miss" ? true : undefined,
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    expect(Date.now() - started).toBeGreaterThan((inject("responseCacheTtlSeconds") - 1) * 1000);
  });
});

describe("POST /tweets/{id}/likes", () => {
  it("202 with the total, which GET /tweets/{id} shows before any flush", async () => {
    const id = await post("like me");
    const liked = await api("POST", `/tweets/${id}/likes`, { auth: bob });
    expect(liked.status).toBe(202);
    expect(liked.body).toEqual({ id, likes: 1 });
    expect((await api("POST", `/tweets/${id}/likes`, { auth: alice })).body.likes).toBe(2);
    expect((await api("GET", `/tweets/${id}`)).body.likes).toBe(2);
    expect(await storedLikes(id)).toBe(0);
  });

  it("404 for an unknown or deleted tweet, 400 for a malformed id, 401 without credentials", async () => {
    expect((await api("POST", `/tweets/${randomUUID()}/likes`, { auth: bob })).status).toBe(404);
    const id = await post("gone");
    await api("DELETE", `/tweets/${id}`, { auth: alice });
    expect((await api("POST", `/tweets/${id}/likes`, { auth: bob })).status).toBe(404);
    expect((await api("POST", "/tweets/nope/likes", { auth: bob })).status).toBe(400);
    expect((await api("POST", `/tweets/${randomUUID()}/likes`)).status).toBe(401);
  });

  it("counts 1,000 likes from 100 concurrent clients exactly", async () => {
    const id = await post("popular");
    // 100 clients at once, 1,000 likes in all: as many as one local gateway process serves
    // without queueing requests for seconds (the store test sends 1,000 at once to the batcher).
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        for (let i = 0; i < 10; i++) {
          statuses.push((await api("POST", `/tweets/${id}/likes`, { auth: bob })).status);
        }
      }),
    );
    expect(statuses.filter((status) => status !== 202)).toEqual([]);
    expect((await flushAll()).functionError).toBeUndefined();
    expect(await storedLikes(id)).toBe(1000);
    expect((await api("GET", `/tweets/${id}`)).body.likes).toBe(1000);
  });

  it("loses no like when the flush dies between taking a batch and writing it", async () => {
    const id = await post("crash");
    for (let i = 0; i < 4; i++) await api("POST", `/tweets/${id}/likes`, { auth: bob });
    // What a flush does before it writes, and then it dies.
    const taken = await createRedisLikeBuffer(redis).take(id, { retry: false });
    expect(taken?.count).toBe(4);
    await api("POST", `/tweets/${id}/likes`, { auth: bob });
    expect((await api("GET", `/tweets/${id}`)).body.likes).toBe(5);
    await flushAll();
    await flushAll();
    expect(await storedLikes(id)).toBe(5);
    expect((await api("GET", `/tweets/${id}`)).body.likes).toBe(5);
  });
});

describe("GET /logs", () => {
  const key = () => ({ "x-api-key": inject("apiKey") });

  interface LogEntry {
    method: string;
    path: string;
    status: number;
    at: string;
  }

  async function allEntries() {
    const entries: LogEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: LogEntry[]; nextCursor: string | null } } =
        await api("GET", `/logs?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, {
          headers: key(),
        });
      expect(page.status).toBe(200);
      entries.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return entries;
  }

  it("403 JSON without the key or with a wrong one", async () => {
    const none = await api("GET", "/logs");
    expect(none.status).toBe(403);
    expect(none.headers.get("content-type")).toMatch(/^application\/json/);
    expect(none.body.error.code).toBe("forbidden");
    expect((await api("GET", "/logs", { headers: { "x-api-key": "wrong" } })).status).toBe(403);
  });

  it("lists every call, of every service, in order, with method, path, status and time", async () => {
    const unknown = `/tweets/${randomUUID()}`;
    await api("GET", unknown);
    await api("GET", `/users/${alice.username}`);
    await api("POST", "/tweets", { auth: alice, body: { text: "" } });
    const entries = await allEntries();
    // Reading the log is a call too: the three are followed by GET /logs.
    const start = entries.findIndex((entry) => entry.path === unknown);
    const tail = entries.slice(start, start + 4);
    expect(tail).toEqual([
      { method: "GET", path: unknown, status: 404, at: expect.any(String) },
      { method: "GET", path: `/users/${alice.username}`, status: 200, at: expect.any(String) },
      { method: "POST", path: "/tweets", status: 400, at: expect.any(String) },
      { method: "GET", path: "/logs", status: 200, at: expect.any(String) },
    ]);
    const times = tail.map((entry) => Date.parse(entry.at));
    expect([...times].sort()).toEqual(times);
  });

  it("lists the calls the gateway refuses itself, in order with the others", async () => {
    const unknownRoute = `/no-such-route/${randomUUID()}`;
    const wrongPassword = { ...alice, password: `${alice.password}-wrong` };
    const calls = [
      await api("GET", unknownRoute),
      await api("POST", "/tweets", { body: { text: "no credentials" } }),
      await api("POST", "/tweets", { auth: wrongPassword, body: { text: "wrong password" } }),
      await api("GET", "/logs"),
      await api("POST", "/tweets", { auth: alice, rawBody: "x".repeat(70 * 1024) }),
      await api("GET", `/users/${alice.username}`),
    ];
    expect(calls.map((call) => call.status)).toEqual([404, 401, 401, 403, 413, 200]);
    const entries = await allEntries();
    const start = entries.findIndex((entry) => entry.path === unknownRoute);
    expect(entries.slice(start, start + 7)).toEqual(
      [
        ["GET", unknownRoute, 404],
        ["POST", "/tweets", 401],
        ["POST", "/tweets", 401],
        ["GET", "/logs", 403],
        ["POST", "/tweets", 413],
        ["GET", `/users/${alice.username}`, 200],
        ["GET", "/logs", 200],
      ].map(([method, path, status]) => ({ method, path, status, at: expect.any(String) })),
    );
  });

  it("counts table reads and writes, cache hits and misses, likes buffered and flushed", async () => {
    const counters = async () =>
      (await api("GET", "/logs?limit=1", { headers: key() })).body.counters;
    const before = await counters();
    const id = await post("counted");
    await api("GET", `/tweets/${id}`);
    await api("GET", `/tweets/${id}`);
    for (let i = 0; i < 3; i++) await api("POST", `/tweets/${id}/likes`, { auth: bob });
    await flushAll();
    const after = await counters();
    expect(after.dbWrites).toBeGreaterThan(before.dbWrites);
    expect(after.cacheHits).toBeGreaterThan(before.cacheHits);
    expect(after.cacheMisses).toBeGreaterThan(before.cacheMisses);
    expect(after.likesBuffered - before.likesBuffered).toBe(3);
    expect(after.likesFlushed - before.likesFlushed).toBeGreaterThanOrEqual(3);
    expect(after.dbReads).toBeGreaterThanOrEqual(before.dbReads);
  });
});
