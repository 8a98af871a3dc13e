// The microblog's mechanisms, each beside the same work without it, in one run:
// - table reads under a Zipf(1) mix of GET /tweets/{id} over 10,000 tweets, through the
//   stack's gateway (response and store caches on) and through a second gateway on the same
//   stores with both caches off; the reads are the table accesses GET /logs counts;
// - GET /tweets/{id} req/s on one tweet, cached against uncached;
// - table writes for likes sent at full speed through the batcher, against one write per
//   like without it (what POST /likes would cost if it wrote the table), with the count
//   checked after a flush.
import { appendFileSync } from "node:fs";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import type { CounterName } from "../../lib/request-log/tally";
import { createDynamoDbTweetsStore, tweetItem } from "../../lib/tweets/dynamodb-store";
import { createLikeBatcher } from "../../lib/tweets/like-batcher";
import { newTweet } from "../../lib/tweets/model";
import { createRedisLikeBuffer } from "../../lib/tweets/redis-like-buffer";
import { localDynamoClient } from "../../local/local-aws";
import { startOffline } from "../../local/offline";
import { stackSettingsFromEnv } from "../../local/settings";
import { freePorts } from "../support/free-port";
import { basicAuthorization } from "../support/gateway";
import type { TestStack } from "../support/test-stack";
import { loadTest, printTable } from "./measure";

const TWEETS = 10_000;
const ZIPF_READS = 10_000;
const READ_CONCURRENCY = 50;
const TABLE = "agora-local-tweets";

/** Tweet ranks 0..n-1 drawn with probability proportional to 1/(rank+1): Zipf, s = 1. */
export function zipfSampler(n: number, random = Math.random): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 1; k <= n; k++) {
    total += 1 / k;
    cumulative.push(total);
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

export async function benchMicroblog(stack: TestStack, seconds: number): Promise<void> {
  const documents = DynamoDBDocumentClient.from(localDynamoClient(stack.dynamodbEndpoint));
  const apiKey = { "x-api-key": stack.apiKey };
  const counters = async (gatewayUrl: string) => {
    const response = await fetch(`${gatewayUrl}/logs?limit=1`, { headers: apiKey });
    return ((await response.json()) as { counters: Record<CounterName, number> }).counters;
  };

  // Only the tweet items: reads by id need nothing else, and loading the word and hashtag
  // entries too would take minutes.
  console.log(`\nloading ${TWEETS.toLocaleString("en")} tweets...`);
  const tweets = Array.from({ length: TWEETS }, (_, i) =>
    newTweet(crypto.randomUUID(), "bench_author", `tweet number ${i}`, new Date()),
  );
  const ids = tweets.map((tweet) => tweet.id);
  for (let i = 0; i < TWEETS; i += 250) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        let requests = tweets
          .slice(i + 25 * j, i + 25 * (j + 1))
          .map((tweet) => ({ PutRequest: { Item: tweetItem(tweet) } }));
        while (requests.length > 0) {
          const result = await documents.send(
            new BatchWriteCommand({ RequestItems: { [TABLE]: requests } }),
          );
          requests = (result.UnprocessedItems?.[TABLE] ?? []) as typeof requests;
        }
      }),
    );
  }

  const [httpPort, lambdaPort] = await freePorts(2);
  if (!httpPort || !lambdaPort) throw new Error("no free ports");
  const uncached = await startOffline({
    handlerMode: "in-process",
    httpPort,
    lambdaPort,
    // As many workers as the bench's own stack runs, so that only the caches differ.
    workers: stackSettingsFromEnv(process.env).gatewayWorkers,
    env: {
      ...stack.functionEnv,
      AGORA_RESPONSE_CACHE_TTL_SECONDS: "0",
      AGORA_STORE_CACHE_TTL_SECONDS: "0",
    },
    log: (component, line) => appendFileSync(stack.logPath, `${component}-uncached | ${line}\n`),
  });
  try {
    const gateways = [
      { label: "caches off (baseline)", url: `http://127.0.0.1:${httpPort}` },
      { label: "response + store cache", url: stack.gatewayUrl },
    ];

    // Table reads under Zipf(1): the same sequence of reads through each gateway.
    const next = zipfSampler(TWEETS);
    const sequence = Array.from({ length: ZIPF_READS }, () => ids[next()] ?? "");
    const readRows: (string | number)[][] = [];
    for (const gateway of gateways) {
      const before = await counters(gateway.url);
      const began = performance.now();
      let position = 0;
      let failures = 0;
      await Promise.all(
        Array.from({ length: READ_CONCURRENCY }, async () => {
          while (position < sequence.length) {
            const id = sequence[position++];
            const response = await fetch(`${gateway.url}/tweets/${id}`);
            await response.arrayBuffer();
            if (response.status !== 200) failures++;
          }
        }),
      );
      const elapsed = (performance.now() - began) / 1000;
      const after = await counters(gateway.url);
      readRows.push([
        gateway.label,
        after.dbReads - before.dbReads,
        after.cacheHits - before.cacheHits,
        after.cacheMisses - before.cacheMisses,
        Math.round(ZIPF_READS / elapsed),
        failures,
      ]);
    }
    const [baseReads, cachedReads] = readRows.map((row) => Number(row[1]));
    printTable(
      `Microblog: ${ZIPF_READS.toLocaleString("en")} GET /tweets/{id}, Zipf(1) over ${TWEETS.toLocaleString("en")} tweets, ${READ_CONCURRENCY} at a time, cold caches`,
      ["gateway", "table reads", "cache hits", "cache misses", "req/s", "failed"],
      readRows,
    );
    if (baseReads && cachedReads !== undefined) {
      console.log(`table reads saved: ${(100 * (1 - cachedReads / baseReads)).toFixed(1)}%`);
    }

    // One tweet, read as fast as the gateway answers.
    const hot = `/tweets/${ids[0]}`;
    const throughput = [];
    for (const gateway of gateways) {
      const url = gateway.url + hot;
      await loadTest({ label: "warm-up", url, connections: 10, seconds: 2 });
      throughput.push(await loadTest({ label: gateway.label, url, connections: 50, seconds }));
    }
    printTable(
      `Microblog: GET /tweets/{id} on one tweet, 50 connections, ${seconds} s each`,
      ["gateway", "req/s", "p50 ms", "p99 ms", "failed"],
      throughput.map((r) => [r.label, r.requestsPerSecond, r.p50Ms, r.p99Ms, r.failures]),
    );
  } finally {
    await uncached.process.stop();
  }

  await benchLikes(stack, documents, ids.slice(0, 10), seconds, counters);
  documents.destroy();
}

async function benchLikes(
  stack: TestStack,
  documents: DynamoDBDocumentClient,
  tweetIds: string[],
  seconds: number,
  counters: (gatewayUrl: string) => Promise<Record<CounterName, number>>,
): Promise<void> {
  const user = { username: "bench_liker", email: "liker@example.com", password: "bench password" };
  await fetch(`${stack.gatewayUrl}/users`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(user),
  });
  const before = await counters(stack.gatewayUrl);
  const stored = async () => {
    let sum = 0;
    for (const id of tweetIds) {
      const { Item } = await documents.send(
        new GetCommand({ TableName: TABLE, Key: { pk: `TWEET#${id}`, sk: "TWEET" } }),
      );
      sum += Number(Item?.likes ?? 0);
    }
    return sum;
  };
  const storedBefore = await stored();
  const result = await autocannon({
    url: stack.gatewayUrl,
    connections: 50,
    duration: seconds,
    requests: tweetIds.map((id) => ({
      method: "POST",
      path: `/tweets/${id}/likes`,
      headers: { Authorization: basicAuthorization(user) },
    })),
  });
  const lambda = new LambdaClient({
    endpoint: stack.lambdaEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  // Requests still in flight when autocannon stopped are served before the flush.
  let buffered = -1;
  for (;;) {
    const now = (await counters(stack.gatewayUrl)).likesBuffered;
    if (now === buffered) break;
    buffered = now;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await lambda.send(
    new InvokeCommand({
      FunctionName: "agora-local-tweets-flushLikes",
      Payload: new TextEncoder().encode(JSON.stringify({ olderThanSeconds: 0 })),
    }),
  );
  lambda.destroy();
  const after = await counters(stack.gatewayUrl);
  const accepted = after.likesBuffered - before.likesBuffered;
  const written = (await stored()) - storedBefore;
  const rate = Math.round(result["2xx"] / seconds);
  const direct = await benchBatcherAlone(stack, documents, tweetIds, seconds);
  printTable(
    `Microblog: likes on ${tweetIds.length} tweets, then a flush; table writes with the batcher against one per like`,
    ["likes sent", "likes/s", "likes counted (202)", "likes in the table", "table writes"],
    [
      [
        `through the gateway, 50 connections, ${seconds} s`,
        rate,
        accepted,
        written,
        after.dbWrites - before.dbWrites,
      ],
      [
        `straight to the batcher, 200 at a time, ${seconds} s`,
        direct.rate,
        direct.liked,
        direct.written,
        direct.writes,
      ],
      ["one write per like (baseline, either way)", "-", "n", "n", "n"],
    ],
  );
  if (written !== accepted) console.log(`MISMATCH: ${accepted} counted, ${written} written`);
  if (direct.written !== direct.liked) {
    console.log(`MISMATCH: ${direct.liked} liked, ${direct.written} written`);
  }
}

/**
 * The batcher itself, on the stack's Redis and table, at a rate the local gateway cannot
 * reach on a small machine: 200 likers in a loop for `seconds`, then a flush of everything.
 */
async function benchBatcherAlone(
  stack: TestStack,
  documents: DynamoDBDocumentClient,
  tweetIds: string[],
  seconds: number,
): Promise<{ rate: number; liked: number; written: number; writes: number }> {
  const redis = new Redis(stack.redisUrl, { password: stack.redisPassword });
  const table = createDynamoDbTweetsStore(documents, TABLE);
  let writes = 0;
  const counted = {
    ...table,
    addLikes: (id: string, count: number, batch: number) => {
      writes++;
      return table.addLikes(id, count, batch);
    },
  };
  const batcher = createLikeBatcher(counted, createRedisLikeBuffer(redis, "bench:likes:"));
  try {
    const tweets = await Promise.all(tweetIds.map(async (id) => (await table.get(id)) ?? null));
    const present = tweets.filter((tweet) => tweet !== null);
    const before = present.reduce((sum, tweet) => sum + tweet.likes, 0);
    let liked = 0;
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const tweet = present[i % present.length];
        if (!tweet) return;
        while (performance.now() < deadline) {
          await batcher.like(tweet);
          liked++;
        }
      }),
    );
    await batcher.flushWaiting(0);
    const after = await Promise.all(present.map((tweet) => table.get(tweet.id)));
    const written = after.reduce((sum, tweet) => sum + (tweet?.likes ?? 0), 0) - before;
    return { rate: Math.round(liked / seconds), liked, written, writes };
  } finally {
    redis.disconnect();
  }
}
