// The authorizer's composition root: the authenticator this deployment uses, on the users
// store, today's password hasher and Agora's Redis (for login attempts), with the
// configured limits.
import { redis } from "../clients/redis";
import { config } from "../config";
import { usersStore } from "../users/composition-root";
import { passwords } from "../users/passwords";
import { type Authenticate, createAuthenticator } from "./authenticator";
import { createRedisLoginAttempts } from "./redis-login-attempts";

export const authenticate: Authenticate = createAuthenticator({
  users: usersStore,
  attempts: createRedisLoginAttempts(redis, {
    limit: config.LOGIN_ATTEMPTS_LIMIT,
    windowSeconds: config.LOGIN_ATTEMPTS_WINDOW_SECONDS,
  }),
  passwords,
  cacheTtlSeconds: config.AUTH_CACHE_TTL_SECONDS,
});
