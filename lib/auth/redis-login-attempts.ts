// Login attempts on Redis: one counter per username, under its own prefix, that expires
// with its window.
//
// Keys: `login-attempts:<username>`, an integer: the attempts of the current window that
// did not succeed (or are still being checked). The window starts with its first attempt
// and the key expires with it, ending any lock; a success takes its own attempt back.
import type { Redis } from "ioredis";
import { LuaScript } from "../redis/lua-script";
import type { LoginAttempts } from "./login-attempts";

export const DEFAULT_KEY_PREFIX = "login-attempts:";

/** KEYS: the counter. ARGV: the window in ms. Returns the attempts so far, this one included. */
const COUNT_ATTEMPT = new LuaScript(`
local attempts = redis.call("INCR", KEYS[1])
if redis.call("PTTL", KEYS[1]) < 0 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
return attempts
`);

/** KEYS: the counter. Decrements it if its window is still open (never creates it). */
const TAKE_BACK_ATTEMPT = new LuaScript(`
if redis.call("EXISTS", KEYS[1]) == 1 then return redis.call("DECR", KEYS[1]) end
return 0
`);

export interface RedisLoginAttemptsOptions {
  /** Failed attempts allowed per window; the next one is refused unchecked. */
  limit: number;
  windowSeconds: number;
  keyPrefix?: string;
}

export function createRedisLoginAttempts(
  redis: Redis,
  { limit, windowSeconds, keyPrefix = DEFAULT_KEY_PREFIX }: RedisLoginAttemptsOptions,
): LoginAttempts {
  const key = (username: string) => `${keyPrefix}${username}`;
  return {
    async admit(username) {
      const attempts = await COUNT_ATTEMPT.run(redis, [key(username)], [windowSeconds * 1000]);
      return Number(attempts) <= limit;
    },

    async succeeded(username) {
      await TAKE_BACK_ATTEMPT.run(redis, [key(username)], []);
    },
  };
}
