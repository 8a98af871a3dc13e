// The ratings store through the gateway and the internal ratings-shard function, case by case
// as issue 10 lists them. The stack runs 3 shards, digest length 2, and no scheduled
// anti-entropy (tests invoke ratings-drainGossip themselves). Shards are inspected the way an
// operator would: HGETALL /rating/<key> on each shard's redis-server.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { placementOf } from "../../lib/ratings/placement";
import type { ManagedProcess } from "../../local/process";
import { api, invoke } from "../support/gateway";
import { eventually } from "../support/poll";
import { startSecondGateway } from "../support/second-gateway";

interface Value {
  rating: number;
  choices: number[];
  clocks: Record<string, number>[];
}

const shardUrls = inject("ratingsShardUrls");
const SHARDS = shardUrls.length;
const shards = shardUrls.map((url) => {
  const client = new Redis(url, {
    password: inject("redisPassword"),
    maxRetriesPerRequest: 1,
    retryStrategy: () => 100,
  });
  client.on("error", () => undefined);
  return client;
});

afterAll(() => {
  for (const shard of shards) shard.disconnect();
});

/** A key no other test uses, with its primary shard. */
function freshKey(prefix = "tea"): { key: string; primary: number } {
  const key = `${prefix}-${randomBytes(5).toString("hex")}`;
  return { key, primary: placementOf(key, SHARDS) };
}

const path = (key: string) => `/rating/${encodeURIComponent(key)}`;

function put(key: string, rating: unknown, clock: unknown) {
  return api<Value>("PUT", path(key), { body: { rating, clock } });
}

async function shardOp(payload: Record<string, unknown>): Promise<Value> {
  const { functionError, result } = await invoke("ratings-shard", payload);
  if (functionError) throw new Error(`ratings-shard failed: ${JSON.stringify(result)}`);
  return result as Value;
}

/** What shard `shard` stores for `key`, read straight from its Redis (no gossip steps). */
async function stored(shard: number, key: string): Promise<Value | undefined> {
  const fields = await shards[shard]?.hgetall(`/rating/${key}`);
  if (!fields?.choices || !fields.clocks) return undefined;
  return {
    rating: Number(fields.rating),
    choices: JSON.parse(fields.choices),
    clocks: JSON.parse(fields.clocks),
  };
}

const EMPTY = { rating: 0, choices: [], clocks: [] };

/**
 * Lets earlier tests' gossip die out: each anti-entropy pass sends every digest and moves
 * each entry one hop, and an entry stops at its primary, so N passes leave every digest and
 * channel empty. A test that counts digest entries starts from there.
 */
async function quiesceGossip(): Promise<void> {
  for (let pass = 0; pass < SHARDS; pass++) {
    const { functionError, result } = await invoke("ratings-drainGossip", { olderThanSeconds: 0 });
    if (functionError) throw new Error(`ratings-drainGossip failed: ${JSON.stringify(result)}`);
  }
}

describe("PUT and GET /rating/{key}", () => {
  it("reads an unknown key as empty", async () => {
    const response = await api("GET", path(freshKey().key));
    expect(response.status).toBe(200);
    expect(response.body).toEqual(EMPTY);
  });

  it("merges writes by their clocks: newer replaces, older is ignored, concurrent stays", async () => {
    const { key } = freshKey();
    expect((await put(key, 4, { a: 1 })).body).toEqual({
      rating: 4,
      choices: [4],
      clocks: [{ a: 1 }],
    });
    expect((await put(key, 2, { a: 2 })).body.choices).toEqual([2]);
    expect((await put(key, 5, { a: 1 })).body.choices).toEqual([2]);
    const siblings = await put(key, 3, { b: 1 });
    expect(siblings.status).toBe(200);
    expect(siblings.body).toEqual({ rating: 2.5, choices: [2, 3], clocks: [{ a: 2 }, { b: 1 }] });
    const read = await api<Value>("GET", `${path(key)}?consistency=strong`);
    expect(read.body).toEqual(siblings.body);
  });

  it("stores the value on its primary shard as the hash /rating/<key>", async () => {
    const { key, primary } = freshKey();
    await put(key, 1.5, { c0: 7 });
    const fields = await shards[primary]?.hgetall(`/rating/${key}`);
    expect(fields).toEqual({ rating: "1.5", choices: "[1.5]", clocks: '[{"c0":7}]' });
  });

  it.each([
    { description: "a rating above 5", body: { rating: 5.5, clock: { a: 1 } } },
    { description: "a negative rating", body: { rating: -1, clock: { a: 1 } } },
    { description: "a non-numeric rating", body: { rating: "4", clock: { a: 1 } } },
    { description: "no clock", body: { rating: 4 } },
    { description: "a clock that is a list", body: { rating: 4, clock: [1] } },
    { description: "a negative counter", body: { rating: 4, clock: { a: -1 } } },
    { description: "a fractional counter", body: { rating: 4, clock: { a: 1.5 } } },
    { description: "a string counter", body: { rating: 4, clock: { a: "1" } } },
    {
      description: "a clock of 101 entries",
      body: {
        rating: 4,
        clock: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`c${i}`, 1])),
      },
    },
    { description: "an unknown field", body: { rating: 4, clock: { a: 1 }, extra: true } },
  ])("refuses $description with 400 and writes nothing", async ({ body }) => {
    const { key } = freshKey();
    const response = await api("PUT", path(key), { body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    expect((await api("GET", path(key))).body).toEqual(EMPTY);
  });

  it.each([
    { description: "a key over 256 bytes", key: "é".repeat(129) },
    { description: "a key with a control character", key: "tea\u0001" },
  ])("refuses $description with 400", async ({ key }) => {
    const write = await api("PUT", path(key), { body: { rating: 4, clock: { a: 1 } } });
    expect(write.status).toBe(400);
    expect((await api("GET", path(key))).status).toBe(400);
  });

  it("accepts a key of exactly 256 bytes", async () => {
    const key = "é".repeat(128);
    expect((await put(key, 4, { a: 1 })).status).toBe(200);
  });

  it("refuses a consistency it does not know", async () => {
    const response = await api("GET", `${path(freshKey().key)}?consistency=eventual`);
    expect(response.status).toBe(400);
  });
});

describe("gossip around the ring", () => {
  beforeEach(quiesceGossip);

  it("leaves weak reads mostly stale after one write (the digest is not sent yet)", async () => {
    const { key, primary } = freshKey();
    await put(key, 4, { a: 1 });
    for (let shard = 0; shard < SHARDS; shard++) {
      if (shard !== primary) expect(await stored(shard, key)).toBeUndefined();
    }
    let fresh = 0;
    const READS = 30;
    for (let i = 0; i < READS; i++) {
      const { body } = await api<Value>("GET", `${path(key)}?consistency=weak`);
      if (body.choices.length > 0) fresh++;
    }
    // Only the primary has it: about a third of the reads, never all of them.
    expect(fresh).toBeGreaterThan(0);
    expect(fresh).toBeLessThan(READS);
  });

  it("sends the digest once it holds 2 entries, and a shard merges it only when it is used", async () => {
    const { key, primary } = freshKey();
    const next = (primary + 1) % SHARDS;
    const after = (primary + 2) % SHARDS;
    await shardOp({ shard: primary, op: "put", key, rating: 1, clock: { a: 1 } });
    await shardOp({ shard: primary, op: "put", key, rating: 2, clock: { a: 2 } });
    // Sent on the primary's channel, but the next shard has not been read or written.
    expect(await stored(next, key)).toBeUndefined();
    expect((await shardOp({ shard: next, op: "get", key })).choices).toEqual([2]);
    expect((await stored(next, key))?.choices).toEqual([2]);
    // The next shard has merged 2 entries: its digest went on to the shard after it.
    expect(await stored(after, key)).toBeUndefined();
    await shardOp({ shard: after, op: "get", key: freshKey().key });
    expect((await stored(after, key))?.choices).toEqual([2]);
  });

  it("converges every shard on the latest value after enough traffic", async () => {
    const { key } = freshKey();
    for (let counter = 1; counter <= 6; counter++) await put(key, counter % 6, { a: counter });
    const latest = { rating: 0, choices: [0], clocks: [{ a: 6 }] };
    await eventually("every shard holding the latest value", async () => {
      for (let shard = 0; shard < SHARDS; shard++) await shardOp({ shard, op: "get", key: "x" });
      const values = await Promise.all(shards.map((_, shard) => stored(shard, key)));
      return values.every((value) => JSON.stringify(value) === JSON.stringify(latest))
        ? true
        : undefined;
    });
  });

  it("converges without traffic through ratings-drainGossip", async () => {
    const { key, primary } = freshKey();
    await put(key, 3, { z: 1 });
    // One write: the digest waits. Anti-entropy sends it (its age is over the 0 s it is given)
    // and drains the channels; each pass moves the value at least one hop.
    expect(await stored((primary + 1) % SHARDS, key)).toBeUndefined();
    await quiesceGossip();
    for (let shard = 0; shard < SHARDS; shard++) {
      expect((await stored(shard, key))?.choices).toEqual([3]);
    }
  });
});

describe("concurrent writers on one key", () => {
  it("lose nothing: every concurrent rating is kept", async () => {
    const { key } = freshKey();
    const WRITERS = 60;
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => put(key, i % 6, { [`w${i}`]: 1 })),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const { body } = await api<Value>("GET", path(key));
    expect(body.choices).toHaveLength(WRITERS);
    expect(new Set(body.clocks.map((clock) => Object.keys(clock)[0])).size).toBe(WRITERS);
  });

  it("end as some serial order would: the latest counter of one client wins", async () => {
    const { key } = freshKey();
    const WRITES = 40;
    await Promise.all(
      Array.from({ length: WRITES }, (_, i) => put(key, (i % 5) + 0.5, { solo: i + 1 })),
    );
    const { body } = await api<Value>("GET", path(key));
    expect(body).toEqual({
      rating: ((WRITES - 1) % 5) + 0.5,
      choices: [((WRITES - 1) % 5) + 0.5],
      clocks: [{ solo: WRITES }],
    });
  });
});

describe("a second gateway: digest length 1, handlers on worker threads", () => {
  // Same stores, another gateway process whose functions gossip every write at once and
  // run as several concurrent instances (worker threads), as Lambda would.
  let second: ManagedProcess | undefined;
  let secondUrl = "";

  beforeAll(async () => {
    const gateway = await startSecondGateway("worker-threads", { RATINGS_DIGEST_LENGTH: "1" });
    second = gateway.process;
    secondUrl = gateway.gatewayUrl;
  });

  afterAll(async () => {
    await second?.stop();
  });

  beforeEach(quiesceGossip);

  const putThere = (key: string, rating: number, clock: Record<string, number>) =>
    fetch(`${secondUrl}${path(key)}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ rating, clock }),
    });

  it("gossips every write at once: the next shard has it on its next read", async () => {
    const { key, primary } = freshKey();
    const next = (primary + 1) % SHARDS;
    expect((await putThere(key, 4, { a: 1 })).status).toBe(200);
    expect(await stored(next, key)).toBeUndefined();
    expect((await shardOp({ shard: next, op: "get", key })).choices).toEqual([4]);
  });

  it("keeps every concurrent writer's rating across both gateways' instances", async () => {
    const { key } = freshKey();
    const WRITERS = 40;
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        // A few at a time reach the worker threads: each concurrent one is a cold start there.
        i % 5 === 0
          ? putThere(key, i % 6, { [`w${i}`]: 1 }).then(
              async (r) => `${r.status} ${await r.text()}`,
            )
          : put(key, i % 6, { [`w${i}`]: 1 }).then((r) => `${r.status}`),
      ),
    );
    expect(responses.filter((status) => !status.startsWith("200"))).toEqual([]);
    const { body } = await api<Value>("GET", path(key));
    expect(new Set(body.clocks.map((clock) => Object.keys(clock)[0])).size).toBe(WRITERS);
  });
});

describe("ratings-shard (internal)", () => {
  it("refuses a shard that does not exist, and a put without a clock", async () => {
    const noShard = await invoke("ratings-shard", { shard: SHARDS, op: "get", key: "k" });
    expect(noShard.functionError).toBeDefined();
    const noClock = await invoke("ratings-shard", { shard: 0, op: "put", key: "k", rating: 1 });
    expect(noClock.functionError).toBeDefined();
  });

  it.each([
    ["POST", "/ratings-shard"],
    ["POST", "/rating/k/shard"],
    ["POST", "/ratings-drainGossip"],
  ])("has no HTTP route: %s %s is 404", async (method, route) => {
    const response = await api(method, route, { body: { shard: 0, op: "get", key: "k" } });
    expect(response.status).toBe(404);
  });
});

describe("a shard's Redis killed and restarted", () => {
  it("answers 503 for its keys meanwhile, then recovers with nothing lost", async () => {
    const { key, primary } = freshKey("down");
    await put(key, 4, { a: 1 });
    await put(key, 2, { b: 1 });
    const shard = shards[primary] as Redis;
    // SHUTDOWN ends redis-server (its AOF written); `npm start`'s supervisor starts it again.
    await shard.call("SHUTDOWN").catch(() => undefined);

    const refused = await eventually(
      "a 503 from the dead shard",
      async () => {
        const response = await api("GET", path(key));
        return response.status === 503 ? response : undefined;
      },
      { intervalMs: 10, timeoutMs: 5000 },
    );
    expect(refused.body.error.code).toBe("unavailable");
    expect(refused.headers.get("retry-after")).toBe("1");

    const recovered = await eventually("the shard back", async () => {
      const response = await api<Value>("GET", path(key));
      return response.status === 200 ? response : undefined;
    });
    expect(recovered.body).toEqual({
      rating: 3,
      choices: [4, 2],
      clocks: [{ a: 1 }, { b: 1 }],
    });
  });
});
