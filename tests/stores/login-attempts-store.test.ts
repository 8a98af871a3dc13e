// Login attempts against a real redis-server of its own (not the stack's): the lock, its
// expiry, and what the authenticator does when Redis cannot answer.
import { describe, expect, it, vi } from "vitest";
import { createAuthenticator } from "../../lib/auth/authenticator";
import { createRedisLoginAttempts } from "../../lib/auth/redis-login-attempts";
import type { User } from "../../lib/users/model";
import { scryptHasher } from "../../lib/users/passwords";
import { basicAuthorization } from "../support/gateway";
import { eventually } from "../support/poll";
import { unreachableRedis, useFlushedRedisServer } from "../support/redis-server";

const redisServer = useFlushedRedisServer({ maxRetriesPerRequest: 1 });

describe("Redis login attempts", () => {
  it("admits `limit` attempts per window and username, then refuses", async () => {
    const attempts = createRedisLoginAttempts(redisServer.redis, { limit: 3, windowSeconds: 60 });
    const admitted = [];
    for (let i = 0; i < 5; i++) admitted.push(await attempts.admit("alice"));
    expect(admitted).toEqual([true, true, true, false, false]);
    expect(await attempts.admit("bob")).toBe(true);
  });

  it("counts concurrent attempts exactly: no more than `limit` get through", async () => {
    const attempts = createRedisLoginAttempts(redisServer.redis, { limit: 10, windowSeconds: 60 });
    const admitted = await Promise.all(Array.from({ length: 50 }, () => attempts.admit("alice")));
    expect(admitted.filter(Boolean)).toHaveLength(10);
  });

  it("keeps each counter under its own prefix, expiring with its window", async () => {
    const attempts = createRedisLoginAttempts(redisServer.redis, { limit: 3, windowSeconds: 60 });
    await attempts.admit("alice");
    await attempts.admit("alice");
    expect(await redisServer.redis.keys("*")).toEqual(["login-attempts:alice"]);
    expect(await redisServer.redis.get("login-attempts:alice")).toBe("2");
    const ttl = await redisServer.redis.pttl("login-attempts:alice");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("takes back a successful attempt, and never creates a counter doing so", async () => {
    const attempts = createRedisLoginAttempts(redisServer.redis, { limit: 2, windowSeconds: 60 });
    for (let i = 0; i < 5; i++) {
      expect(await attempts.admit("alice")).toBe(true);
      await attempts.succeeded("alice");
    }
    await attempts.succeeded("bob");
    expect(await redisServer.redis.get("login-attempts:alice")).toBe("0");
    expect(await redisServer.redis.exists("login-attempts:bob")).toBe(0);
  });

  it("unlocks by itself when the window ends", async () => {
    const attempts = createRedisLoginAttempts(redisServer.redis, { limit: 2, windowSeconds: 1 });
    let admitted = 0;
    while (await attempts.admit("alice")) {
      if (++admitted > 100) throw new Error("never locked");
    }
    await eventually("the lock to end with its window", async () =>
      (await attempts.admit("alice")) ? true : undefined,
    );
  });
});

describe("with Redis down", () => {
  const passwords = scryptHasher({ N: 1024, r: 8, p: 1 });

  it("the authenticator fails open: scrypt decides, as without a limit", async () => {
    const alice: User = {
      username: "alice",
      email: "alice@example.com",
      passwordHash: await passwords.hash("correct horse"),
      karma: 0,
      active: true,
      createdAt: new Date().toISOString(),
    };
    const unreachable = await unreachableRedis();
    const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const verify = vi.spyOn(passwords, "verify");
    try {
      const authenticate = createAuthenticator({
        users: { get: async () => alice, rehashPassword: async () => false },
        attempts: createRedisLoginAttempts(unreachable, { limit: 1, windowSeconds: 60 }),
        passwords,
        cacheTtlSeconds: 0,
        shared: { verified: async () => false, remember: async () => undefined },
      });
      const wrong = basicAuthorization({ username: "alice", password: "wrong horse" });
      for (let i = 0; i < 3; i++) expect(await authenticate(wrong)).toBeUndefined();
      const right = basicAuthorization({ username: "alice", password: "correct horse" });
      expect(await authenticate(right)).toBe("alice");
      expect(verify).toHaveBeenCalledTimes(4);
      expect(logged.mock.calls.map(([line]) => JSON.parse(String(line)))).toContainEqual(
        expect.objectContaining({
          level: "warn",
          msg: "login attempts not counted (failing open)",
        }),
      );
    } finally {
      logged.mockRestore();
      unreachable.disconnect();
    }
  });
});
