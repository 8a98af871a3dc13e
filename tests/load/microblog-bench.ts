// The microblog's mechanisms, each beside the same work without it, in one run:
// - table reads under a Zipf(1) mix of GET /tweets/{id} over 10,000 tweets, caches on
//   against caches off, from cold caches; the reads are the table accesses GET /logs
//   counts. What the caches save depends on how many reads fall within one 60 s TTL window,
//   so the same 100,000 reads are made by the tweets-get handler in-process (a child
//   process per variant, tweet-reads-child.ts, on the stack's stores), with the saving
//   read after 10,000, 30,000 and 100,000 of them: 100,000 a minute is more than the local
//   gateway serves on a small machine. 10,000 of them also go through the stack's gateway
//   (caches on) and through a second gateway on the same stores with both caches off;
// - GET /tweets/{id} req/s on one tweet, cached against uncached;
// - table writes for likes sent at full speed through the batcher, against one write per
//   like without it (what POST /likes would cost if it wrote the table), with the count
//   checked after a flush.
import { fork } from "node:child_process";
import { appendFileSync, closeSync, openSync } from "node:fs";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import * as z from "zod";
import type { CounterName } from "../../lib/request-log/tally";
import { STORE_CACHE_PREFIX } from "../../lib/tweets/cached-store";
import { createDynamoDbTweetsStore, tweetItem } from "../../lib/tweets/dynamodb-store";
import { createLikeBatcher } from "../../lib/tweets/like-batcher";
import { newTweet } from "../../lib/tweets/model";
import { createRedisLikeBuffer } from "../../lib/tweets/redis-like-buffer";
import { RESPONSE_CACHE_PREFIX } from "../../lib/tweets/response-cache";
import { functionEnvironment } from "../../local/function-checks";
import { localDynamoClient } from "../../local/local-aws";
import { printServiceConfig } from "../../local/serverless-cli";
import { stackSettingsFromEnv } from "../../local/settings";
import { startGatewayOn } from "../support/extra-gateway";
import { basicAuthorization } from "../support/gateway";
import type { TestStack } from "../support/test-stack";
import { loadTest, printTable } from "./measure";
import { TweetReadsCheckpoint } from "./tweet-reads";

const TWEETS = 10_000;
/** Reads made in-process, and after how many of them the saving is read. */
const IN_PROCESS_CHECKPOINTS = [10_000, 30_000, 100_000];
const IN_PROCESS_CONCURRENCY = 20;
/** Reads made through each gateway (the first of the same sequence). */
const GATEWAY_READS = 10_000;
const READ_CONCURRENCY = 50;
/** The caches' TTL in the "caches on" runs: the configured default. */
const CACHE_TTL_SECONDS = 60;
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

  // The same sequence of reads for every variant.
  const next = zipfSampler(TWEETS);
  const lastCheckpoint = IN_PROCESS_CHECKPOINTS.at(-1) ?? 0;
  const sequence = Array.from({ length: lastCheckpoint }, () => ids[next()] ?? "");
  const redis = new Redis(stack.redisUrl, { password: stack.redisPassword });
  try {
    await benchReadsInProcess(stack, redis, sequence);
    await benchReadsThroughGateways(stack, redis, sequence, ids[0] ?? "", seconds, counters);
  } finally {
    redis.disconnect();
  }

  await benchLikes(stack, documents, ids.slice(0, 10), seconds, counters);
  documents.destroy();
}

/**
 * The first GATEWAY_READS of `sequence` through each gateway, then one tweet (`hotId`) as
 * fast as each answers.
 */
async function benchReadsThroughGateways(
  stack: TestStack,
  redis: Redis,
  sequence: string[],
  hotId: string,
  seconds: number,
  counters: (gatewayUrl: string) => Promise<Record<CounterName, number>>,
): Promise<void> {
  const uncached = await startGatewayOn(stack.functionEnv, {
    handlerMode: "in-process",
    // As many workers as the bench's own stack runs, so that only the caches differ.
    workers: stackSettingsFromEnv(process.env).gatewayWorkers,
    env: { AGORA_RESPONSE_CACHE_TTL_SECONDS: "0", AGORA_STORE_CACHE_TTL_SECONDS: "0" },
    log: (component, line) => appendFileSync(stack.logPath, `${component}-uncached | ${line}\n`),
  });
  try {
    const gateways = [
      { label: "caches off (baseline)", url: uncached.gatewayUrl },
      { label: "response + store cache", url: stack.gatewayUrl },
    ];

    await emptyCaches(redis);
    const readRows: (string | number)[][] = [];
    for (const gateway of gateways) {
      const before = await counters(gateway.url);
      const began = performance.now();
      let position = 0;
      let failures = 0;
      await Promise.all(
        Array.from({ length: READ_CONCURRENCY }, async () => {
          while (position < GATEWAY_READS) {
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
        Math.round(GATEWAY_READS / elapsed),
        failures,
      ]);
    }
    const [baseReads, cachedReads] = readRows.map((row) => Number(row[1]));
    printTable(
      `Microblog: the first ${GATEWAY_READS.toLocaleString("en")} of those reads through the gateway, ${READ_CONCURRENCY} at a time, cold caches`,
      ["gateway", "table reads", "cache hits", "cache misses", "req/s", "failed"],
      readRows,
    );
    if (baseReads && cachedReads !== undefined) {
      console.log(
        `table reads saved through the gateway: ${saved(baseReads, cachedReads)}, for ${GATEWAY_READS.toLocaleString("en")} reads in one TTL window (a steady ${GATEWAY_READS.toLocaleString("en")}/min), as in-process`,
      );
    }

    // One tweet, read as fast as the gateway answers.
    const hot = `/tweets/${hotId}`;
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
}

/**
 * `sequence` read by the tweets-get handler in-process, caches off and then on (cold), with
 * the table reads each variant made after each of IN_PROCESS_CHECKPOINTS reads.
 */
async function benchReadsInProcess(
  stack: TestStack,
  redis: Redis,
  sequence: string[],
): Promise<void> {
  const environment = {
    ...stack.functionEnv,
    ...functionEnvironment(await printServiceConfig(stack.functionEnv), "tweets-get"),
  };
  const withTtl = (ttl: number) => ({
    ...environment,
    RESPONSE_CACHE_TTL_SECONDS: String(ttl),
    STORE_CACHE_TTL_SECONDS: String(ttl),
  });
  console.log(
    `\nreading ${sequence.length.toLocaleString("en")} tweets in-process, caches off, then on...`,
  );
  const off = await readInProcess(stack, withTtl(0), sequence);
  await emptyCaches(redis);
  const on = await readInProcess(stack, withTtl(CACHE_TTL_SECONDS), sequence);
  const rows = IN_PROCESS_CHECKPOINTS.map((reads, i) => {
    const base = off[i];
    const cached = on[i];
    if (!base || !cached) throw new Error(`no checkpoint at ${reads} reads`);
    return [
      reads.toLocaleString("en"),
      `${reads.toLocaleString("en")}/min (${Math.round(reads / 60).toLocaleString("en")}/s)`,
      base.dbReads,
      cached.dbReads,
      saved(base.dbReads, cached.dbReads),
      `${cached.cacheHits} / ${cached.cacheMisses}`,
      base.failures + cached.failures,
    ];
  });
  printTable(
    `Microblog: table reads under a Zipf(1) mix of GET /tweets/{id} over ${TWEETS.toLocaleString("en")} tweets, the tweets-get handler in-process, ${IN_PROCESS_CONCURRENCY} at a time, from cold caches (TTL ${CACHE_TTL_SECONDS} s)`,
    [
      "reads in one TTL window",
      "= a steady rate of",
      "table reads, caches off",
      "table reads, caches on",
      "saved",
      "hits / misses (both caches)",
      "failed",
    ],
    rows,
  );
  const took = (run: TweetReadsCheckpoint[]) => run.at(-1)?.seconds ?? 0;
  console.log(
    `${sequence.length.toLocaleString("en")} reads took ${took(on).toFixed(1)} s with the caches (${took(on) <= CACHE_TTL_SECONDS ? "within one TTL window" : "longer than the TTL: entries expired meanwhile, so the saving is understated"}), ${took(off).toFixed(1)} s without`,
  );
}

/** Runs tweet-reads-child.ts with `env` on `ids`; its checkpoints. */
async function readInProcess(
  stack: TestStack,
  env: NodeJS.ProcessEnv,
  ids: string[],
): Promise<TweetReadsCheckpoint[]> {
  const logFile = openSync(stack.logPath, "a");
  const child = fork(new URL("./tweet-reads-child.ts", import.meta.url), [], {
    env: { ...process.env, ...env },
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", logFile, logFile, "ipc"],
  });
  try {
    const answer = new Promise<unknown>((resolve, reject) => {
      child.once("message", resolve);
      child.once("exit", (code) => reject(new Error(`the reads child exited (${code})`)));
    });
    child.send({ ids, checkpoints: IN_PROCESS_CHECKPOINTS, concurrency: IN_PROCESS_CONCURRENCY });
    const { results } = z.object({ results: z.array(TweetReadsCheckpoint) }).parse(await answer);
    return results;
  } finally {
    if (child.exitCode === null) child.kill();
    closeSync(logFile);
  }
}

/** Both caches emptied, so that a run starts from cold caches. */
async function emptyCaches(redis: Redis): Promise<void> {
  for (const prefix of [RESPONSE_CACHE_PREFIX, STORE_CACHE_PREFIX]) {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) {
      if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
    }
  }
}

function saved(baseline: number, withIt: number): string {
  return `${(100 * (1 - withIt / baseline)).toFixed(1)}%`;
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
  const gatewayWrites = after.dbWrites - before.dbWrites;
  const fewer = (likes: number, writes: number) =>
    writes > 0 ? `${(likes / writes).toFixed(1)}×` : "-";
  printTable(
    `Microblog: likes on ${tweetIds.length} tweets, then a flush; table writes with the batcher against one per like`,
    [
      "likes sent",
      "likes/s",
      "likes counted (202)",
      "likes in the table",
      "table writes",
      "fewer writes",
    ],
    [
      [
        `straight to the batcher, 200 at a time, ${seconds} s`,
        direct.rate,
        direct.liked,
        direct.written,
        direct.writes,
        fewer(direct.liked, direct.writes),
      ],
      [
        `through the gateway, 50 connections, ${seconds} s`,
        rate,
        accepted,
        written,
        gatewayWrites,
        fewer(accepted, gatewayWrites),
      ],
      ["one write per like (baseline, either way)", "-", "n", "n", "n", "1×"],
    ],
  );
  const exact = (liked: number, stored: number) =>
    liked === stored ? "exact" : `MISMATCH: ${liked} counted, ${stored} in the table`;
  console.log(
    `the batcher itself, driven straight at ${direct.rate.toLocaleString("en")} likes/s (goal: 1,000/s or more: ${direct.rate >= 1000 ? "met" : "NOT met"}): count ${exact(direct.liked, direct.written)}, ${fewer(direct.liked, direct.writes)} fewer table writes`,
  );
  console.log(
    `through the local gateway it reached ${rate.toLocaleString("en")} likes/s (the gateway's limit on this machine, not the batcher's): count ${exact(accepted, written)}, ${fewer(accepted, gatewayWrites)} fewer table writes`,
  );
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
