// The ratings shards and gossip queue against real redis-servers of their own (three shards
// and a main Redis for the queue): the Lua merge agrees with mergeWrite, digests flush at
// their length, and the ring carries a value one hop per drain.
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ShardUnavailable } from "../../lib/ratings/errors";
import type { GossipQueue } from "../../lib/ratings/gossip-queue";
import {
  EMPTY_VALUE,
  mergeWrite,
  type RatingValue,
  type RatingWrite,
} from "../../lib/ratings/rating-value";
import { createRatings } from "../../lib/ratings/ratings";
import { createRedisGossipQueue } from "../../lib/ratings/redis-gossip-queue";
import { createRedisShardStore } from "../../lib/ratings/redis-shard-store";
import { valueKey } from "../../lib/ratings/shard-scripts";
import type { ShardStore } from "../../lib/ratings/store";
import { eventually } from "../support/poll";
import { type RedisServer, startRedisServer } from "../support/redis-server";

const SHARDS = 3;
const servers: RedisServer[] = [];
const clients: Redis[] = [];

function connect(server: RedisServer): Redis {
  const client = new Redis({
    port: server.port,
    host: "127.0.0.1",
    password: server.password,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 100,
    connectTimeout: 1000,
    commandTimeout: 1000,
  });
  client.on("error", () => undefined);
  clients.push(client);
  return client;
}

let shardClients: Redis[];
let main: Redis;

function shardStores(digestLength: number, now?: () => number): ShardStore[] {
  return shardClients.map((redis, shard) =>
    createRedisShardStore(redis, { shard, digestLength, now }),
  );
}

beforeAll(async () => {
  servers.push(...(await Promise.all(Array.from({ length: SHARDS + 1 }, startRedisServer))));
  const [mainServer, ...shardServers] = servers;
  if (!mainServer) throw new Error("no redis-server");
  main = connect(mainServer);
  shardClients = shardServers.map(connect);
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await Promise.all(servers.map((server) => server.stop()));
});

beforeEach(async () => {
  await Promise.all([main, ...shardClients].map((client) => client.flushall()));
});

/** A seeded PRNG (LCG) so a failing randomized case can be replayed. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe("a shard's merge (MERGE_LUA)", () => {
  it("agrees with mergeWrite on random writes, and stores the fields an operator reads", async () => {
    const [shard] = shardStores(1000);
    if (!shard) throw new Error("no shard");
    const random = lcg(7);
    for (let round = 0; round < 20; round++) {
      const key = `tea-${round}`;
      let expected: RatingValue = EMPTY_VALUE;
      for (let i = 0; i < 15; i++) {
        const clock: Record<string, number> = {};
        for (const client of ["a", "b", "c"]) {
          if (random() < 0.6) clock[client] = Math.floor(random() * 4);
        }
        const write: RatingWrite = { rating: Math.round(random() * 50) / 10, clock };
        expected = mergeWrite(expected, write);
        const { value } = await shard.merge(key, [write], 0);
        expect(value).toEqual(expected);
      }
      expect(await shard.read(key)).toEqual(expected);
      const fields = await shardClients[0]?.hgetall(valueKey(key));
      expect(Object.keys(fields ?? {}).sort()).toEqual(["choices", "clocks", "rating"]);
      expect(JSON.parse(fields?.clocks ?? "")).toEqual(expected.clocks);
    }
  });

  it("keeps ratings and counters exact", async () => {
    const [shard] = shardStores(1000);
    const clock = { "client/1": Number.MAX_SAFE_INTEGER, é: 0 };
    const { value } = await (shard as ShardStore).merge("k", [{ rating: 3.7, clock }], 0);
    expect(value).toEqual({ rating: 3.7, choices: [3.7], clocks: [clock] });
    const fields = await shardClients[0]?.hgetall(valueKey("k"));
    expect(fields?.rating).toBe("3.7");
  });

  it("reads an unknown key as empty", async () => {
    const [shard] = shardStores(2);
    expect(await (shard as ShardStore).read("nothing")).toEqual(EMPTY_VALUE);
  });

  it("takes the digest out once it holds digest-length entries", async () => {
    const [shard] = shardStores(2);
    const first = await (shard as ShardStore).merge("k", [{ rating: 1, clock: { a: 1 } }], 0);
    expect(first.flushed).toEqual([]);
    // An older write changes nothing, but is still added to the digest.
    const second = await (shard as ShardStore).merge("k", [{ rating: 5, clock: { a: 0 } }], 0);
    expect(second.value.choices).toEqual([1]);
    expect(second.flushed).toEqual([
      { primary: 0, key: "k", rating: 1, choices: [1], clocks: [{ a: 1 }] },
      { primary: 0, key: "k", rating: 5, choices: [5], clocks: [{ a: 0 }] },
    ]);
    expect(await shardClients[0]?.exists("ratings:digest", "ratings:digest-since")).toBe(0);
  });

  it("hands over a digest that has waited long enough, and only then", async () => {
    let now = 1_000_000;
    const [shard] = shardStores(10, () => now) as [ShardStore];
    await shard.merge("k", [{ rating: 1, clock: { a: 1 } }], 0);
    now += 4_000;
    expect(await shard.takeStaleDigest(5_000)).toEqual([]);
    now += 1_000;
    expect(await shard.takeStaleDigest(5_000)).toHaveLength(1);
    expect(await shard.takeStaleDigest(0)).toEqual([]);
  });

  it("merges many concurrent writers to one key as some serial order would", async () => {
    const [shard] = shardStores(1000) as [ShardStore];
    // 200 writers, each its own client: all concurrent, so every one must be kept.
    const writes = Array.from({ length: 200 }, (_, i) => ({
      rating: i % 6,
      clock: { [`w${i}`]: 1 },
    }));
    await Promise.all(writes.map((write) => shard.merge("hot", [write], 0)));
    const value = await shard.read("hot");
    expect(value.choices).toHaveLength(200);
    expect(new Set(value.clocks.map((c) => Object.keys(c)[0]))).toEqual(
      new Set(writes.map((w) => Object.keys(w.clock)[0])),
    );
  });
});

describe("the ring (createRatings over three shards and the queue)", () => {
  it("carries a value one hop per flush and drain, until every shard holds it", async () => {
    const ratings = createRatings({ shards: shardStores(1), queue: createRedisGossipQueue(main) });
    const key = "assam";
    const p = ratings.primaryOf(key);
    const next = (p + 1) % SHARDS;
    const after = (p + 2) % SHARDS;
    const written = await ratings.put(key, { rating: 4, clock: { a: 1 } });
    expect(written.choices).toEqual([4]);
    // Digest length 1: the write was sent at once, but nobody else holds it until read.
    expect(await shardStores(1)[after]?.read(key)).toEqual(EMPTY_VALUE);
    expect((await ratings.readShard(next, key)).choices).toEqual([4]);
    expect((await ratings.readShard(after, key)).choices).toEqual([4]);
    // Back at its primary, the entry is not merged again, and the channels are empty.
    expect((await ratings.readShard(p, key)).choices).toEqual([4]);
    expect(await main.keys("ratings:gossip:*")).toEqual([]);
  });

  it("makes a shard that was down catch up from its channel", async () => {
    const ratings = createRatings({ shards: shardStores(1), queue: createRedisGossipQueue(main) });
    const key = "darjeeling";
    const next = (ratings.primaryOf(key) + 1) % SHARDS;
    const admin = connect(servers[next + 1] as RedisServer);
    await admin.call("CLIENT", "PAUSE", "2500", "ALL");
    await ratings.put(key, { rating: 2, clock: { a: 1 } });
    await expect(ratings.readShard(next, key)).rejects.toBeInstanceOf(ShardUnavailable);
    // The entry went back on the channel: once the shard answers, its next read merges it.
    const value = await eventually("the shard back with the write", () =>
      ratings.readShard(next, key),
    );
    expect(value.choices).toEqual([2]);
  });

  it("answers a weak read from another shard when one is down", async () => {
    const ratings = createRatings({
      shards: shardStores(1),
      queue: createRedisGossipQueue(main),
      random: () => 0,
    });
    await ratings.put("oolong", { rating: 3, clock: { a: 1 } });
    await connect(servers[1] as RedisServer).call("CLIENT", "PAUSE", "2500", "ALL");
    await expect(ratings.readShard(0, "oolong")).rejects.toBeInstanceOf(ShardUnavailable);
    // The random pick is shard 0, which is down: the read goes on to shard 1.
    const value = await ratings.get("oolong", "weak");
    expect(value).toBeDefined();
  });

  it("keeps a digest it could not send, and sends it with the next flush", async () => {
    const queue = createRedisGossipQueue(main);
    let queueDown = true;
    const flaky: GossipQueue = {
      ...queue,
      send: (channel, entries) =>
        queueDown ? Promise.reject(new Error("queue down")) : queue.send(channel, entries),
    };
    const ratings = createRatings({ shards: shardStores(1), queue: flaky });
    const key = "sencha";
    const p = ratings.primaryOf(key);
    expect((await ratings.put(key, { rating: 5, clock: { a: 1 } })).choices).toEqual([5]);
    expect(await shardClients[p]?.llen("ratings:digest")).toBe(1);
    queueDown = false;
    await ratings.put(key, { rating: 1, clock: { a: 2 } });
    expect(await shardClients[p]?.llen("ratings:digest")).toBe(0);
    const sent = await queue.receive(p, 10);
    expect(sent.map((entry) => entry.choices)).toEqual([[5], [1]]);
  });
});
