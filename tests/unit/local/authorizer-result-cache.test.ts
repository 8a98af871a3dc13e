// The local gateway's emulation of API Gateway's authorizer result cache
// (local/serverless-plugins/authorizer-result-cache.cjs): the key, the TTL, Allow only, flushes.
import { createRequire } from "node:module";
import { describe, expect, it, vi } from "vitest";

interface Cache {
  answer(
    key: string | undefined,
    ttlSeconds: number,
    authorize: () => Promise<unknown>,
  ): Promise<unknown>;
  flush(): void;
}
const { AuthorizerResultCache, cacheKey } = createRequire(import.meta.url)(
  "../../../local/serverless-plugins/authorizer-result-cache.cjs",
) as {
  AuthorizerResultCache: new (now?: () => number) => Cache;
  cacheKey(name: string, identitySource: string, event: unknown): string | undefined;
};

const policy = (effect: "Allow" | "Deny") => ({
  principalId: "ada",
  policyDocument: { Statement: [{ Effect: effect, Action: "execute-api:Invoke", Resource: "*" }] },
  context: { username: "ada" },
});

function setUp() {
  let now = 1_000_000;
  const cache = new AuthorizerResultCache(() => now);
  const authorize = vi.fn(async () => policy("Allow"));
  return { cache, authorize, advance: (ms: number) => (now += ms) };
}

describe("authorizer result cache", () => {
  it("answers from the cache within the TTL, and asks the authorizer again after it", async () => {
    const { cache, authorize, advance } = setUp();
    expect(await cache.answer("k", 30, authorize)).toEqual(policy("Allow"));
    advance(29_999);
    expect(await cache.answer("k", 30, authorize)).toEqual(policy("Allow"));
    expect(authorize).toHaveBeenCalledTimes(1);
    advance(1);
    await cache.answer("k", 30, authorize);
    expect(authorize).toHaveBeenCalledTimes(2);
  });

  it("keeps its own copy: what a caller does to an answer stays out of the cache", async () => {
    const { cache, authorize } = setUp();
    const first = (await cache.answer("k", 30, authorize)) as ReturnType<typeof policy>;
    first.context.username = "mallory";
    const second = (await cache.answer("k", 30, authorize)) as ReturnType<typeof policy>;
    expect(second.context.username).toBe("ada");
  });

  it("makes one authorizer call for concurrent misses of one key", async () => {
    const { cache, authorize } = setUp();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => cache.answer("k", 30, authorize)),
    );
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(answers).toEqual(Array.from({ length: 10 }, () => policy("Allow")));
  });

  it("keeps nothing with a TTL of 0, or without a key", async () => {
    const { cache, authorize } = setUp();
    for (let i = 0; i < 2; i++) {
      await cache.answer("k", 0, authorize);
      await cache.answer(undefined, 30, authorize);
    }
    expect(authorize).toHaveBeenCalledTimes(4);
  });

  it("keeps Allow answers only: a Deny or an error is asked again", async () => {
    const { cache } = setUp();
    const deny = vi.fn(async () => policy("Deny"));
    await cache.answer("k", 30, deny);
    await cache.answer("k", 30, deny);
    expect(deny).toHaveBeenCalledTimes(2);
    const unauthorized = vi.fn(async () => {
      throw new Error("Unauthorized");
    });
    await expect(cache.answer("k", 30, unauthorized)).rejects.toThrow("Unauthorized");
    await expect(cache.answer("k", 30, unauthorized)).rejects.toThrow("Unauthorized");
    expect(unauthorized).toHaveBeenCalledTimes(2);
  });

  it("forgets everything on a flush, including answers computed while it happened", async () => {
    const { cache, authorize } = setUp();
    await cache.answer("k", 30, authorize);
    cache.flush();
    await cache.answer("k", 30, authorize);
    expect(authorize).toHaveBeenCalledTimes(2);

    let finish: (value: unknown) => void = () => undefined;
    const slow = vi.fn(() => new Promise((resolve) => (finish = resolve)));
    const inFlight = cache.answer("other", 30, slow);
    cache.flush();
    finish(policy("Allow"));
    await inFlight;
    await cache.answer("other", 30, authorize);
    expect(authorize).toHaveBeenCalledTimes(3);
  });
});

describe("cache key", () => {
  const event = {
    headers: { authorization: "Basic YWRhOnB3" },
    queryStringParameters: { token: "t" },
  };

  it("is the authorizer and its identity source values, headers in any case", () => {
    const byHeader = cacheKey("auth", "method.request.header.Authorization", event);
    expect(byHeader).toBe(cacheKey("auth", "method.request.header.authorization", event));
    expect(byHeader).not.toBe(cacheKey("other", "method.request.header.Authorization", event));
    expect(
      cacheKey(
        "auth",
        "method.request.header.Authorization, method.request.querystring.token",
        event,
      ),
    ).toBe(JSON.stringify(["auth", "Basic YWRhOnB3", "t"]));
  });

  it("is undefined when an identity source is missing or empty", () => {
    expect(cacheKey("auth", "method.request.header.X-Api-Key", event)).toBeUndefined();
    expect(
      cacheKey("auth", "method.request.header.Authorization", { headers: { Authorization: "" } }),
    ).toBeUndefined();
  });
});
