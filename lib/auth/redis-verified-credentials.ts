// Verified credentials on Redis, so that no store of Agora holds a password, or anything
// that would let someone who reads Redis check guesses at one:
// - the key is an HMAC of the Authorization header, with a key Redis never sees (derived
//   from the cursor signing key, so no new secret to provision): without it, no guess can
//   be tested against the keys;
// - the value is a SHA-256 fingerprint of the stored hash, never the hash itself.
// A Redis that cannot answer is a miss (scrypt decides), never an error.
//
// Keys: `verified-credentials:<HMAC of the header>` = <fingerprint>, expiring after the TTL.
import { createHash, createHmac, hkdfSync } from "node:crypto";
import type { Redis } from "ioredis";
import { orFallback } from "../redis/unreachable";
import type { SharedVerifiedCredentials } from "./shared-verified-credentials";

export const DEFAULT_KEY_PREFIX = "verified-credentials:";

export interface RedisVerifiedCredentialsOptions {
  /** The secret the header HMAC's key is derived from. */
  signingKey: string;
  keyPrefix?: string;
}

export function createRedisVerifiedCredentials(
  redis: Redis,
  { signingKey, keyPrefix = DEFAULT_KEY_PREFIX }: RedisVerifiedCredentialsOptions,
): SharedVerifiedCredentials {
  const hmacKey = Buffer.from(hkdfSync("sha256", signingKey, "", "agora verified credentials", 32));
  const key = (authorization: string) =>
    keyPrefix + createHmac("sha256", hmacKey).update(authorization).digest("base64url");
  const fingerprint = (passwordHash: string) =>
    createHash("sha256").update(passwordHash).digest("base64url");
  const cacheOr = <T>(operation: () => Promise<T>, fallback: T) =>
    orFallback("verified credentials cache", operation, fallback);

  return {
    async verified(authorization, passwordHash) {
      const found = await cacheOr(() => redis.get(key(authorization)), null);
      return found === fingerprint(passwordHash);
    },
    async remember(authorization, passwordHash, ttlSeconds) {
      await cacheOr(
        () => redis.set(key(authorization), fingerprint(passwordHash), "EX", ttlSeconds),
        null,
      );
    },
  };
}
