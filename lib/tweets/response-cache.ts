// The response cache: in front of the microblog's GET handlers, the part an API Gateway
// stage cache plays in AWS. An answer is kept for `ttlSeconds` under its method, path and
// normalized query (parameters sorted), and only when it is a success. Each answer belongs
// to a scope (one tweet, or the lists); a write that changes a scope bumps the scope's
// generation, which is part of every key, so no answer computed before the write is served
// after it, however the two raced. Answers carry `x-cache: hit|miss` while the cache is on.
// A Redis that does not answer makes every request a miss, never an error.
import type { APIGatewayProxyEvent } from "aws-lambda";
import type { Redis } from "ioredis";
import type { HttpResponse } from "../http/responses";
import { LuaScript } from "../redis/lua-script";
import { orFallback } from "../redis/unreachable";
import { tally } from "../request-log/tally";

/** The scope of one tweet's own answers (GET /tweets/{id}). */
export const tweetScope = (id: string) => `tweet:${id}`;
/** The scope of every listing, search and hashtag answer. */
export const LISTS_SCOPE = "lists";

// KEYS[1] the scope's generation; ARGV[1] the entry key's prefix, ARGV[2] the request.
const LOOKUP = new LuaScript(`
local key = ARGV[1] .. (redis.call('GET', KEYS[1]) or '0') .. ':' .. ARGV[2]
return {key, redis.call('GET', key)}
`);

export interface ResponseCache {
  /** `run`, answered from the cache when it holds the request's answer in `scope`. */
  cached<R extends { event: APIGatewayProxyEvent }>(
    scope: (request: R) => string,
    run: (request: R) => Promise<HttpResponse>,
  ): (request: R) => Promise<HttpResponse>;
  /** Every cached answer of these scopes is stale from now on. */
  invalidate(...scopes: string[]): Promise<void>;
}

/** method, path and the query with its parameters sorted: one request, one key. */
export function requestKey(event: APIGatewayProxyEvent): string {
  const query = new URLSearchParams(
    Object.entries(event.queryStringParameters ?? {})
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ).toString();
  return `${event.httpMethod} ${event.path}${query ? `?${query}` : ""}`;
}

/** Where the cache keeps its keys in Redis, unless told otherwise. */
export const RESPONSE_CACHE_PREFIX = "microblog:responses:";

const cacheOr = <T>(operation: () => Promise<T>, fallback: T) =>
  orFallback("response cache", operation, fallback);

export function createRedisResponseCache(
  redis: Redis,
  ttlSeconds: number,
  prefix = RESPONSE_CACHE_PREFIX,
): ResponseCache {
  const generationKey = (scope: string) => `${prefix}generation:${scope}`;

  return {
    cached(scopeOf, run) {
      if (ttlSeconds === 0) return run;
      return async (request) => {
        const scope = scopeOf(request);
        const found = await cacheOr(
          () =>
            LOOKUP.run(
              redis,
              [generationKey(scope)],
              [`${prefix}entry:${scope}:`, requestKey(request.event)],
            ) as Promise<[string, string | null]>,
          undefined,
        );
        const [key, hit] = found ?? [];
        if (hit) {
          tally.count("cacheHits");
          const response = JSON.parse(hit) as HttpResponse;
          return { ...response, headers: { ...response.headers, "x-cache": "hit" } };
        }
        tally.count("cacheMisses");
        const response = await run(request);
        if (key && response.statusCode >= 200 && response.statusCode < 300) {
          await cacheOr(() => redis.set(key, JSON.stringify(response), "EX", ttlSeconds), null);
        }
        return { ...response, headers: { ...response.headers, "x-cache": "miss" } };
      };
    },

    async invalidate(...scopes) {
      if (ttlSeconds === 0) return;
      await cacheOr(() => Promise.all(scopes.map((scope) => redis.incr(generationKey(scope)))), []);
    },
  };
}
