// The verified credentials every authorizer instance shares, against a real redis-server of
// its own: what they remember, for how long, and that nothing in Redis would let a reader of
// Redis test a password guess.
import { describe, expect, it, vi } from "vitest";
import { createRedisVerifiedCredentials } from "../../lib/auth/redis-verified-credentials";
import { basicAuthorization } from "../support/gateway";
import { unreachableRedis, useFlushedRedisServer } from "../support/redis-server";

const redisServer = useFlushedRedisServer({ maxRetriesPerRequest: 1 });
const TTL_SECONDS = 900;

const SIGNING_KEY = "a signing key of sixteen bytes or more";
const HASH = "scrypt$16384$8$5$c2FsdA$aGFzaA";
const header = (password = "correct horse") => basicAuthorization({ username: "alice", password });

describe("Redis verified credentials", () => {
  it("remember a header against the stored hash it was verified with, for the TTL", async () => {
    const shared = createRedisVerifiedCredentials(redisServer.redis, { signingKey: SIGNING_KEY });
    expect(await shared.verified(header(), HASH)).toBe(false);
    await shared.remember(header(), HASH, TTL_SECONDS);
    expect(await shared.verified(header(), HASH)).toBe(true);
    expect(await shared.verified(header(), `${HASH}changed`)).toBe(false);
    expect(await shared.verified(header("another password"), HASH)).toBe(false);
    const [key] = await redisServer.redis.keys("*");
    const ttl = await redisServer.redis.ttl(key ?? "");
    expect(ttl).toBeGreaterThan(TTL_SECONDS - 10);
    expect(ttl).toBeLessThanOrEqual(TTL_SECONDS);
  });

  it("keep neither the header, nor the password, nor the hash", async () => {
    const shared = createRedisVerifiedCredentials(redisServer.redis, { signingKey: SIGNING_KEY });
    await shared.remember(header(), HASH, TTL_SECONDS);
    const keys = await redisServer.redis.keys("*");
    expect(keys).toHaveLength(1);
    const [key = ""] = keys;
    expect(key).toMatch(/^verified-credentials:[\w-]{43}$/);
    const stored = `${key} ${await redisServer.redis.get(key)}`;
    for (const secret of [header(), header().slice(6), "correct horse", HASH]) {
      expect(stored).not.toContain(secret);
    }
  });

  it("depend on the signing key: another key finds nothing", async () => {
    await createRedisVerifiedCredentials(redisServer.redis, { signingKey: SIGNING_KEY }).remember(
      header(),
      HASH,
      TTL_SECONDS,
    );
    const other = createRedisVerifiedCredentials(redisServer.redis, {
      signingKey: `${SIGNING_KEY} but another`,
    });
    expect(await other.verified(header(), HASH)).toBe(false);
  });

  it("answer a miss, and log it, when Redis cannot answer", async () => {
    const unreachable = await unreachableRedis();
    const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const shared = createRedisVerifiedCredentials(unreachable, { signingKey: SIGNING_KEY });
      await shared.remember(header(), HASH, TTL_SECONDS);
      expect(await shared.verified(header(), HASH)).toBe(false);
      expect(logged.mock.calls.map(([line]) => JSON.parse(String(line)))).toContainEqual(
        expect.objectContaining({ level: "warn", msg: "verified credentials cache unavailable" }),
      );
    } finally {
      logged.mockRestore();
      unreachable.disconnect();
    }
  });
});
