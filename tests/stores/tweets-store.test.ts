// The tweets store, its store cache, the response cache and the like batcher against a real
// DynamoDB Local and redis-server of their own, without the gateway; and the same caches
// with a Redis that does not answer, which must only make them slower.
import { randomUUID } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tally } from "../../lib/request-log/tally";
import { createCachedTweetsStore } from "../../lib/tweets/cached-store";
import { createDynamoDbTweetsStore } from "../../lib/tweets/dynamodb-store";
import { createLikeBatcher } from "../../lib/tweets/like-batcher";
import { editedTweet, newTweet } from "../../lib/tweets/model";
import { createRedisLikeBuffer } from "../../lib/tweets/redis-like-buffer";
import { createRedisResponseCache } from "../../lib/tweets/response-cache";
import type { TweetsStore } from "../../lib/tweets/store";
import { apiEvent } from "../support/api-gateway-events";
import { startTestDynamoDb, type TestDynamoDb } from "../support/dynamodb-local";
import { freePort } from "../support/free-port";
import { type RedisServer, startRedisServer } from "../support/redis-server";

let dynamodb: TestDynamoDb | undefined;
let redisServer: RedisServer | undefined;
let redis: Redis;
let unreachable: Redis;
let table: TweetsStore;

beforeAll(async () => {
  [dynamodb, redisServer] = await Promise.all([startTestDynamoDb(), startRedisServer()]);
  table = createDynamoDbTweetsStore(dynamodb.documents, dynamodb.tableName("tweets"));
  redis = new Redis(redisServer.port, { password: redisServer.password, host: "127.0.0.1" });
  // Nothing listens there: every command fails as it would while Redis is down.
  unreachable = new Redis(await freePort(), {
    host: "127.0.0.1",
    lazyConnect: true,
    connectTimeout: 500,
    commandTimeout: 500,
    maxRetriesPerRequest: 1,
  });
  unreachable.on("error", () => undefined);
}, 120_000);

afterAll(async () => {
  redis?.disconnect();
  unreachable?.disconnect();
  await Promise.all([dynamodb?.stop(), redisServer?.stop()]);
});

const post = async (store: TweetsStore, text: string) => {
  const tweet = newTweet(randomUUID(), "alice", text, new Date());
  await store.create(tweet);
  return tweet;
};

describe("listing every tweet", () => {
  it("merges the recency shards newest first, page by page", async () => {
    const posted: string[] = [];
    for (let i = 0; i < 12; i++) posted.push((await post(table, `all ${i}`)).id);
    const seen: string[] = [];
    let page = await table.listRecent(5);
    seen.push(...page.items.map((tweet) => tweet.id));
    while (page.last) {
      page = await table.listRecent(5, page.last);
      seen.push(...page.items.map((tweet) => tweet.id));
    }
    expect(seen.filter((id) => posted.includes(id))).toEqual([...posted].reverse());
  });
});

describe("search", () => {
  it("reads the entries of the rarest word only, however short it is", async () => {
    // 50 tweets say "everywhere"; the two newest also say "tea".
    const common = `everywhere${randomUUID().replaceAll("-", "").replace(/\d/g, "x")}`;
    for (let i = 0; i < 48; i++) await post(table, `${common} ${i}`);
    const teas = [await post(table, `tea ${common}`), await post(table, `${common} tea`)];
    const sent: string[] = [];
    const counted = createDynamoDbTweetsStore(
      {
        send: (command: { constructor: { name: string } }) => {
          sent.push(command.constructor.name);
          return dynamodb?.documents.send(command as never);
        },
      } as unknown as DynamoDBDocumentClient,
      dynamodb?.tableName("tweets") ?? "",
    );

    const found = await counted.search([common, "tea"], 10);

    expect(found.items.map((tweet) => tweet.id)).toEqual(teas.map((tweet) => tweet.id).reverse());
    // One page of each word's entries, read at once, then the tweets "tea" leads to: not
    // the two pages of the longer, commoner word, and the tweets on them.
    expect(sent.sort()).toEqual(["BatchGetCommand", "QueryCommand", "QueryCommand"]);
  });
});

describe("the store cache", () => {
  it("serves a read again without the table, and writes edits through", async () => {
    const cached = createCachedTweetsStore(table, redis, 60, `t${randomUUID()}:`);
    const tweet = await post(cached, "cache me");
    tally.drain();
    expect(await cached.get(tweet.id)).toEqual(tweet);
    expect(tally.drain()).toEqual({ cacheHits: 1 });
    const edited = await cached.update(tweet, editedTweet(tweet, "edited", new Date()));
    expect((await cached.get(tweet.id))?.text).toBe("edited");
    expect(edited.text).toBe("edited");
    await cached.delete(edited);
    expect(await cached.get(tweet.id)).toBeUndefined();
  });

  it("keeps the newer copy when a read that started earlier caches after a like batch", async () => {
    const prefix = `t${randomUUID()}:`;
    const cached = createCachedTweetsStore(table, redis, 60, prefix);
    const tweet = await post(table, "race");
    // This reader fetches the tweet, then a batch of likes is written (and cached), then the
    // reader offers its older copy to the cache.
    const racingReader = createCachedTweetsStore(
      {
        ...table,
        get: async (id) => {
          const before = await table.get(id);
          await cached.addLikes(id, 5, 1);
          return before;
        },
      },
      redis,
      60,
      prefix,
    );
    expect((await racingReader.get(tweet.id))?.likes).toBe(0);
    expect((await cached.get(tweet.id))?.likes).toBe(5);
  });

  it("reads and writes through the table when Redis does not answer", async () => {
    const cached = createCachedTweetsStore(table, unreachable, 60);
    const tweet = await post(cached, "no redis");
    expect(await cached.get(tweet.id)).toEqual(tweet);
    const edited = await cached.update(tweet, editedTweet(tweet, "still no redis", new Date()));
    expect((await cached.get(tweet.id))?.text).toBe(edited.text);
    await cached.delete(edited);
    expect(await cached.get(tweet.id)).toBeUndefined();
  });
});

describe("the response cache", () => {
  const event = apiEvent({
    httpMethod: "GET",
    path: "/tweets",
    queryStringParameters: { b: "2", a: "1" },
  });
  const answer = (n: number) => async () => ({ statusCode: 200, headers: {}, body: String(n) });

  it("answers a second GET from the cache until its scope is invalidated", async () => {
    const cache = createRedisResponseCache(redis, 60, `r${randomUUID()}:`);
    const first = await cache.cached(() => "lists", answer(1))({ event });
    const second = await cache.cached(() => "lists", answer(2))({ event });
    expect([first.body, first.headers?.["x-cache"]]).toEqual(["1", "miss"]);
    expect([second.body, second.headers?.["x-cache"]]).toEqual(["1", "hit"]);
    await cache.invalidate("lists");
    expect((await cache.cached(() => "lists", answer(3))({ event })).body).toBe("3");
  });

  it("answers uncached when Redis does not answer", async () => {
    const cache = createRedisResponseCache(unreachable, 60);
    const response = await cache.cached(() => "lists", answer(4))({ event });
    expect([response.statusCode, response.body]).toEqual([200, "4"]);
    await expect(cache.invalidate("lists")).resolves.toBeUndefined();
  });
});

describe("the like batcher", () => {
  it("counts 1,000 concurrent likes exactly, in few table writes", async () => {
    const buffer = createRedisLikeBuffer(redis, `l${randomUUID()}:`);
    let writes = 0;
    const counted: TweetsStore = {
      ...table,
      addLikes: (id, count, batch) => {
        writes++;
        return table.addLikes(id, count, batch);
      },
    };
    const batcher = createLikeBatcher(counted, buffer);
    const tweet = await post(table, "like me");
    await Promise.all(Array.from({ length: 1000 }, () => batcher.like(tweet)));
    await batcher.flushWaiting(0);
    const stored = await table.get(tweet.id);
    expect(stored?.likes).toBe(1000);
    // A batch holds more than 10 likes, but the last one the flush writes.
    expect(writes).toBeLessThanOrEqual(Math.floor(1000 / 11) + 1);
  });

  it("loses nothing when the taker dies between taking and writing a batch", async () => {
    const buffer = createRedisLikeBuffer(redis, `l${randomUUID()}:`);
    const batcher = createLikeBatcher(table, buffer);
    const tweet = await post(table, "crash");
    for (let i = 0; i < 5; i++) await batcher.like(tweet);
    const taken = await buffer.take(tweet.id, { retry: false }); // ...and the taker dies here
    expect(taken?.count).toBe(5);
    await batcher.like(tweet);
    expect((await batcher.buffered([tweet])).get(tweet.id)).toBe(6);
    // One flush writes the taken batch, then the like that came after it.
    expect(await batcher.flushWaiting(0)).toEqual({ tweets: 1, likes: 6 });
    expect((await table.get(tweet.id))?.likes).toBe(6);
  });

  it("keeps counting when the buffer's batch numbers are lost", async () => {
    const tweet = await post(table, "renumbered");
    const first = createLikeBatcher(table, createRedisLikeBuffer(redis, `l${randomUUID()}:`));
    for (let i = 0; i < 3; i++) await first.like(tweet);
    await first.flushWaiting(0);
    // A buffer that starts afresh (its keys lost) still numbers batches above the table's.
    const second = createLikeBatcher(table, createRedisLikeBuffer(redis, `l${randomUUID()}:`));
    for (let i = 0; i < 2; i++) await second.like(tweet);
    await second.flushWaiting(0);
    expect((await table.get(tweet.id))?.likes).toBe(5);
  });

  it("writes a batch once even when it is written twice", async () => {
    const tweet = await post(table, "twice");
    expect((await table.addLikes(tweet.id, 3, 1)).applied).toBe(true);
    expect((await table.addLikes(tweet.id, 3, 1)).applied).toBe(false);
    expect((await table.get(tweet.id))?.likes).toBe(3);
    expect(await table.addLikes(randomUUID(), 3, 1)).toEqual({ applied: false });
  });
});
