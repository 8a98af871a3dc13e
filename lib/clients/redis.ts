// The one Redis connection per Lambda instance (lib/redis/ has what Redis-backed stores
// share: Lua scripts, and telling an unreachable Redis from a refusal).
//
// While the connection is down, commands wait in ioredis' offline queue for the reconnect;
// each fails after one reconnection attempt (maxRetriesPerRequest) or commandTimeout, so a
// caller learns within seconds that Redis is unreachable and can answer 503 or retry later.
// It authenticates with REDIS_PASSWORD, unless REDIS_URL carries a password of its own
// (ioredis prefers the URL's), and again on every reconnect.
import { Redis, type RedisOptions } from "ioredis";
import { config } from "../config";

/** A connection to one of Agora's Redis servers (the main one, a ratings shard). */
export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    password: config.REDIS_PASSWORD,
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: 2000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    ...options,
  });
  // Without a listener, ioredis reports every failed reconnect as an unhandled error.
  client.on("error", () => undefined);
  return client;
}

export const redis = connectRedis(config.REDIS_URL);
