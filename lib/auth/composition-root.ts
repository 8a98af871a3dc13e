// The authorizer's composition root: the authenticator this deployment uses, on the users
// store, today's password hasher and Agora's Redis (for login attempts and the verified
// credentials every instance shares), with the configured limits.
import { redis } from "../clients/redis";
import { config } from "../config";
import { usersStore } from "../users/composition-root";
import { passwords } from "../users/passwords";
import { type Authenticate, createAuthenticator } from "./authenticator";
import { createRedisLoginAttempts } from "./redis-login-attempts";
import { createRedisVerifiedCredentials } from "./redis-verified-credentials";

/**
 * How long a verified password skips scrypt, in each instance's memory and in the cache all
 * share. It is not a revocation bound, so it need not be AGORA_AUTH_CACHE_TTL_SECONDS (the
 * gateway's TTL, which is): every call still reads the user and trusts either cache only
 * while the user is active with the hash the password was verified against. Tied to the
 * gateway's TTL, each expiry of a gateway cache entry cost a scrypt (about 0.3 s of CPU) per
 * active user: one core's worth for 100 users at a 30 s TTL. A TTL of 0 still turns every
 * cache off.
 */
const VERIFIED_PASSWORD_SECONDS = 15 * 60;
const cacheTtlSeconds = config.AUTH_CACHE_TTL_SECONDS > 0 ? VERIFIED_PASSWORD_SECONDS : 0;

export const authenticate: Authenticate = createAuthenticator({
  users: usersStore,
  attempts: createRedisLoginAttempts(redis, {
    limit: config.LOGIN_ATTEMPTS_LIMIT,
    windowSeconds: config.LOGIN_ATTEMPTS_WINDOW_SECONDS,
  }),
  passwords,
  cacheTtlSeconds,
  shared: createRedisVerifiedCredentials(redis, { signingKey: config.CURSOR_SIGNING_KEY }),
});
