// The request log's composition root: the store on Agora's Redis, capped at the configured
// length.
import { redis } from "../clients/redis";
import { config } from "../config";
import { createRedisRequestLogStore } from "./redis-store";
import type { RequestLogStore } from "./store";

export const requestLogStore: RequestLogStore = createRedisRequestLogStore(
  redis,
  config.REQUEST_LOG_MAX_ENTRIES,
);
