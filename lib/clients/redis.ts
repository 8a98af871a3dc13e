// The one Redis connection per Lambda instance. Commands fail fast while Redis is
// unreachable instead of queueing, so callers can answer 503 or retry later.
import { Redis } from "ioredis";
import { config } from "../config";

export const redis = new Redis(config.REDIS_URL, {
  lazyConnect: true,
  connectTimeout: 2000,
  commandTimeout: 2000,
  maxRetriesPerRequest: 1,
  enableOfflineQueue: true,
});

// Without a listener, ioredis reports every failed reconnect as an unhandled error.
redis.on("error", () => undefined);
