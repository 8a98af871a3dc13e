// Starts the real local stack once per test run (free ports, fresh data, two gateway
// workers, so that caches, revocation and result reporting meet a second instance) and
// stops it afterwards, also when tests fail. Tests reach it through inject().
import type { TestProject } from "vitest/node";
import { startTestStack } from "../support/test-stack";

/**
 * Seconds the authorizer skips scrypt for verified credentials during tests: the longest
 * allowed, so credentials refused sooner prove that the cache's expiry is not what did it.
 */
const TEST_AUTH_CACHE_TTL_SECONDS = 60;
/** Failed password attempts per username and minute before the authorizer locks it. */
const TEST_LOGIN_ATTEMPTS_LIMIT = 5;
/**
 * Seconds the microblog's response cache keeps an answer in tests: long enough for a hit to
 * follow a miss, short enough for a test to watch an entry expire.
 */
const TEST_RESPONSE_CACHE_TTL_SECONDS = 4;

declare module "vitest" {
  export interface ProvidedContext {
    gatewayUrl: string;
    lambdaEndpoint: string;
    dynamodbEndpoint: string;
    redisUrl: string;
    /** The password the stack's Redis requires. */
    redisPassword: string;
    authCacheTtlSeconds: number;
    loginAttemptsLimit: number;
    responseCacheTtlSeconds: number;
    /** The key GET /logs requires in x-api-key. */
    apiKey: string;
    /** The environment the stack's functions run with (stores, secrets). */
    functionEnv: Record<string, string>;
    /** games-db nodes, primary first. */
    gamesDbNodes: { name: string; url: string }[];
    /** The gateway's primary process, whose children are its workers. */
    gatewayPid: number;
    /** The stack's log: every component's lines, prefixed with its name. */
    stackLogPath: string;
    /** The ratings shards' URLs, shard 0 first; they require `redisPassword`. */
    ratingsShardUrls: string[];
  }
}

export default async function setup(project: TestProject) {
  const stack = await startTestStack({
    AGORA_AUTH_CACHE_TTL_SECONDS: String(TEST_AUTH_CACHE_TTL_SECONDS),
    AGORA_LOGIN_ATTEMPTS_LIMIT: String(TEST_LOGIN_ATTEMPTS_LIMIT),
    // Gossip moves only when a test makes it (reads, writes, ratings-drainGossip by hand).
    RATINGS_ANTI_ENTROPY_SECONDS: "0",
    AGORA_RESPONSE_CACHE_TTL_SECONDS: String(TEST_RESPONSE_CACHE_TTL_SECONDS),
  });
  project.provide("gatewayUrl", stack.gatewayUrl);
  project.provide("lambdaEndpoint", stack.lambdaEndpoint);
  project.provide("dynamodbEndpoint", stack.dynamodbEndpoint);
  project.provide("redisUrl", stack.redisUrl);
  project.provide("redisPassword", stack.redisPassword ?? "");
  project.provide("authCacheTtlSeconds", TEST_AUTH_CACHE_TTL_SECONDS);
  project.provide("loginAttemptsLimit", TEST_LOGIN_ATTEMPTS_LIMIT);
  project.provide("responseCacheTtlSeconds", TEST_RESPONSE_CACHE_TTL_SECONDS);
  project.provide("apiKey", stack.apiKey);
  project.provide(
    "functionEnv",
    Object.fromEntries(
      Object.entries(stack.functionEnv).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    ),
  );
  project.provide("stackLogPath", stack.logPath);
  project.provide("gatewayPid", stack.components.find((c) => c.name === "API Gateway")?.pid ?? 0);
  project.provide(
    "gamesDbNodes",
    stack.gamesDb.map(({ name, url }) => ({ name, url })),
  );
  project.provide(
    "ratingsShardUrls",
    stack.ratingsShards.map((shard) => shard.url),
  );
  return () => stack.stop();
}
