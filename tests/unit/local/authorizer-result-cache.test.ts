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
  keepShared(key: string, result: unknown, expiresAt: number, generation: number): void;
  flush(generation?: number): void;
}
type OnKept = (key: string, result: unknown, expiresAt: number, generation: number) => void;
const { AuthorizerResultCache, cacheKey } = createRequire(import.meta.url)(
  "../../../local/serverless-plugins/authorizer-result-cache.cjs",
) as {
  AuthorizerResultCache: new (options?: {
    now?: () => number;
    generation?: number;
    onKept?: OnKept;
  }) => Cache;
  cacheKey(name: string, identitySource: string, event: unknown): string | undefined;
};

const policy = (effect: "Allow" | "Deny") => ({
  principalId: "ada",
  policyDocument: { Statement: [{ Effect: effect, Action: "execute-api:Invoke", Resource: "*" }] },
  context: { username: "ada" },
});

function setUp() {
  let now = 1_000_000;
  const onKept = vi.fn<OnKept>();
  const cache = new AuthorizerResultCache({ now: () => now, onKept });
  const authorize = vi.fn(async () => policy("Allow"));
  return { cache, authorize, onKept, now: () => now, advance: (ms: number) => (now += ms) };
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

describe("authorizer result cache shared by the stage's workers", () => {
  it("hands on each answer it keeps, with its expiry and generation", async () => {
    const { cache, authorize, onKept, now } = setUp();
    await cache.answer("k", 30, authorize);
    await cache.answer("k", 30, authorize);
    expect(onKept).toHaveBeenCalledTimes(1);
    expect(onKept).toHaveBeenCalledWith("k", policy("Allow"), now() + 30_000, 0);
  });

  it("answers from what another worker kept, without asking its own authorizer", async () => {
    const { cache, authorize, now, advance } = setUp();
    cache.keepShared("k", policy("Allow"), now() + 10_000, 0);
    expect(await cache.answer("k", 30, authorize)).toEqual(policy("Allow"));
    expect(authorize).not.toHaveBeenCalled();
    advance(10_000); // the other worker's expiry holds here too
    await cache.answer("k", 30, authorize);
    expect(authorize).toHaveBeenCalledTimes(1);
  });

  it("drops a shared answer computed before its latest flush, or that does not allow", async () => {
    const { cache, authorize, now } = setUp();
    cache.flush(3);
    cache.keepShared("old", policy("Allow"), now() + 10_000, 2);
    cache.keepShared("denied", policy("Deny"), now() + 10_000, 3);
    await cache.answer("old", 30, authorize);
    await cache.answer("denied", 30, authorize);
    expect(authorize).toHaveBeenCalledTimes(2);
  });

  it("tags what it keeps with the primary's generation after a flush", async () => {
    const { cache, authorize, onKept } = setUp();
    cache.flush(7);
    await cache.answer("k", 30, authorize);
    expect(onKept.mock.calls[0]?.[3]).toBe(7);
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
