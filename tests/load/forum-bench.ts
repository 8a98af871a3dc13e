// The forum through the gateway, each figure beside a baseline from the same run:
// - votes: PUT /votes/{id} throughput (each request a real change) beside GET /health;
// - listings: GET /posts?community=c and GET /posts, first and tenth page, with 12,500 posts
//   (baseline: ten pages per community) and then 100,000 (BENCH_FORUM_POSTS), 50 communities;
// - karma lag: from a vote's response to the author's karma showing it, p50 and p99,
//   beside the vote's own latency.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import { postItem } from "../../lib/posts/dynamodb-store";
import { votesKeys } from "../../lib/votes/keys";
import { localDynamoClient } from "../../local/local-aws";
import { basicAuthorization } from "../support/gateway";
import type { TestStack } from "../support/test-stack";
import { loadTest, percentile, printTable } from "./measure";

const COMMUNITIES = 50;
const PAGE = 25;
/** The baseline: just enough posts for every community to have ten pages. */
const BASELINE_POSTS = COMMUNITIES * PAGE * 10;
/** Posts for the listings (BENCH_FORUM_POSTS; DynamoDB Local writes a few hundred a second). */
const POSTS = Number(process.env.BENCH_FORUM_POSTS ?? 100_000);

export async function benchForum(stack: TestStack, seconds: number): Promise<void> {
  const client = forumClient(stack.gatewayUrl);
  const author = await client.register("bench_author");
  const voter = await client.register("bench_voter");
  const post = await client.post(author, "bench_votes");

  await benchVotes(stack.gatewayUrl, voter, post, seconds);
  await drainKarmaBacklog(stack);
  await benchKarmaLag(client, await client.register("bench_lag_author"), voter);
  await benchListings(stack, client);
}

async function benchVotes(
  gatewayUrl: string,
  voter: Credentials,
  postId: string,
  seconds: number,
): Promise<void> {
  const health = () =>
    loadTest({
      label: "GET /health (baseline)",
      url: `${gatewayUrl}/health`,
      connections: 50,
      seconds,
    });
  // Each connection alternates up and down: every request changes the vote and the karma.
  const votes = async (duration: number) => {
    const headers = {
      Authorization: basicAuthorization(voter),
      "Content-Type": "application/json",
    };
    const result = await autocannon({
      url: gatewayUrl,
      connections: 50,
      duration,
      requests: ["up", "down"].map((direction) => ({
        method: "PUT" as const,
        path: `/votes/${postId}`,
        headers,
        body: JSON.stringify({ direction }),
      })),
    });
    return {
      label: "PUT /votes/{id}, up/down alternating",
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      failures: result.non2xx + result.errors + result.timeouts,
    };
  };
  await votes(2); // warm-up: bundles loaded, credentials cached
  const baseline = await health();
  const measured = await votes(seconds);
  printTable(
    `Votes through the gateway, 50 connections, ${seconds} s each`,
    ["measure", "req/s", "p50 ms", "p99 ms", "failed"],
    [baseline, measured].map((r) => [r.label, r.requestsPerSecond, r.p50Ms, r.p99Ms, r.failures]),
  );
}

/** Waits for the votes bench's karma changes to reach users, and says how long it took. */
async function drainKarmaBacklog({ redisUrl, redisPassword }: TestStack): Promise<void> {
  const redis = new Redis(redisUrl, { password: redisPassword });
  try {
    const outbox = votesKeys().karmaOutbox;
    const backlog = await redis.zcard(outbox);
    const began = performance.now();
    while ((await redis.zcard(outbox)) > 0) await sleep(100);
    const took = (performance.now() - began) / 1000;
    console.log(
      `\n${backlog} karma changes were waiting after the votes run; delivered in ${took.toFixed(1)} s (${Math.round(backlog / Math.max(took, 0.001))}/s)`,
    );
  } finally {
    redis.disconnect();
  }
}

async function benchKarmaLag(client: ForumClient, author: Credentials, voter: Credentials) {
  const postId = await client.post(author, "bench_karma");
  const voteMs: number[] = [];
  const lagMs: number[] = [];
  const base = await client.karma(author.username);
  for (let i = 0; i < 100; i++) {
    const direction = i % 2 === 0 ? "up" : "down";
    const t0 = performance.now();
    await client.vote(voter, postId, direction);
    const voted = performance.now();
    // The only voter on the post: the author's karma is base ± 1 (up to down moves it by 2).
    const karma = base + (direction === "up" ? 1 : -1);
    while ((await client.karma(author.username)) !== karma) {
      if (performance.now() - voted > 30_000) throw new Error("karma did not arrive in 30 s");
    }
    voteMs.push(voted - t0);
    lagMs.push(performance.now() - voted);
  }
  printTable(
    "Karma lag, 100 vote changes one after another",
    ["measure", "p50 ms", "p99 ms"],
    [
      [
        "PUT /votes/{id} latency (baseline)",
        percentile(voteMs, 50).toFixed(1),
        percentile(voteMs, 99).toFixed(1),
      ],
      [
        "vote answered → author's karma shows it",
        percentile(lagMs, 50).toFixed(1),
        percentile(lagMs, 99).toFixed(1),
      ],
    ],
  );
}

async function benchListings(stack: TestStack, client: ForumClient): Promise<void> {
  const documents = DynamoDBDocumentClient.from(localDynamoClient(stack.dynamodbEndpoint));
  const rows: (string | number)[][] = [];
  try {
    let loaded = 0;
    for (const total of [BASELINE_POSTS, POSTS]) {
      const began = performance.now();
      await loadPosts(documents, loaded, total);
      console.log(
        `\nloaded ${total.toLocaleString("en")} posts in ${((performance.now() - began) / 1000).toFixed(1)} s`,
      );
      loaded = total;
      for (const [label, path] of [
        ["GET /posts?community=c", "/posts?community=bench_c07"],
        ["GET /posts (8 shards merged)", "/posts"],
      ] as const) {
        for (const page of [1, 10]) {
          const samples = await client.pageLatency(path, page, 100);
          rows.push([
            `${label}, page ${page}, ${total.toLocaleString("en")} posts${total === BASELINE_POSTS ? " (baseline)" : ""}`,
            percentile(samples, 50).toFixed(1),
            percentile(samples, 99).toFixed(1),
          ]);
        }
      }
    }
  } finally {
    documents.destroy();
  }
  printTable(
    `Listings of ${PAGE}, ${COMMUNITIES} communities, 100 sequential requests each`,
    ["measure", "p50 ms", "p99 ms"],
    rows,
  );
}

/** Writes posts number `from` to `to` straight into PostsTable, in the store's own shape. */
async function loadPosts(documents: DynamoDBDocumentClient, from: number, to: number) {
  const TableName = "agora-local-posts";
  const start = Date.parse("2026-01-01T00:00:00.000Z");
  const batches: Record<string, unknown>[][] = [];
  for (let i = from; i < to; i += 25) {
    batches.push(
      Array.from({ length: Math.min(25, to - i) }, (_, j) =>
        postItem({
          id: randomUUID(),
          title: `bench post ${i + j}`,
          text: "x".repeat(200),
          community: `bench_c${String((i + j) % COMMUNITIES).padStart(2, "0")}`,
          username: `bench_u${(i + j) % 1000}`,
          createdAt: new Date(start + (i + j) * 1000).toISOString(),
        }),
      ),
    );
  }
  const write = async (items: Record<string, unknown>[]) => {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let failures = 0; requests.length > 0; ) {
      try {
        const result = await documents.send(
          new BatchWriteCommand({ RequestItems: { [TableName]: requests } }),
        );
        requests = (result.UnprocessedItems?.[TableName] ?? []) as typeof requests;
      } catch (error) {
        // DynamoDB Local drops a connection now and then under bulk writes: write again.
        if (++failures > 5) throw error;
        await sleep(500 * failures);
      }
    }
  };
  const IN_FLIGHT = 4;
  for (let i = 0; i < batches.length; i += IN_FLIGHT) {
    await Promise.all(batches.slice(i, i + IN_FLIGHT).map(write));
  }
}

interface Credentials {
  username: string;
  password: string;
}

type ForumClient = ReturnType<typeof forumClient>;

function forumClient(gatewayUrl: string) {
  const call = async (method: string, path: string, auth?: Credentials, body?: unknown) => {
    const response = await fetch(gatewayUrl + path, {
      method,
      headers: {
        ...(auth ? { Authorization: basicAuthorization(auth) } : {}),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`);
    return json;
  };
  return {
    async register(username: string): Promise<Credentials> {
      const user = { username, password: "bench password" };
      await call("POST", "/users", undefined, { ...user, email: `${username}@example.com` });
      return user;
    },
    async post(author: Credentials, community: string): Promise<string> {
      return String((await call("POST", "/posts", author, { title: "bench", community })).id);
    },
    vote: (voter: Credentials, postId: string, direction: string) =>
      call("PUT", `/votes/${postId}`, voter, { direction }),
    karma: async (username: string) => Number((await call("GET", `/users/${username}`)).karma),
    /** Latencies of `samples` requests for page `page` of `path` (its cursor fetched first). */
    async pageLatency(path: string, page: number, samples: number): Promise<number[]> {
      let cursor: unknown = null;
      for (let i = 1; i < page; i++) {
        cursor = (await call("GET", pagePath(path, cursor))).nextCursor;
        if (typeof cursor !== "string") throw new Error(`${path} has fewer than ${page} pages`);
      }
      const latencies: number[] = [];
      for (let i = 0; i < samples; i++) {
        const t0 = performance.now();
        await call("GET", pagePath(path, cursor));
        latencies.push(performance.now() - t0);
      }
      return latencies;
    },
  };
}

function pagePath(path: string, cursor: unknown): string {
  const separator = path.includes("?") ? "&" : "?";
  const after = typeof cursor === "string" ? `&cursor=${encodeURIComponent(cursor)}` : "";
  return `${path}${separator}limit=${PAGE}${after}`;
}
