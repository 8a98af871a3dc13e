// The microblog's composition root: the tweets store (on DynamoDB, behind the store cache
// unless it is off), the response cache and the like batcher, built once per Lambda
// instance from the configured table and Agora's Redis.
import { redis } from "../clients/redis";
import { config } from "../config";
import { createCachedTweetsStore } from "./cached-store";
import { countedDynamoDbClient } from "./counted-dynamodb";
import { createDynamoDbTweetsStore } from "./dynamodb-store";
import { createLikeBatcher, type LikeBatcher } from "./like-batcher";
import { createRedisLikeBuffer } from "./redis-like-buffer";
import { createRedisResponseCache, type ResponseCache } from "./response-cache";
import type { TweetsStore } from "./store";

const tableStore = createDynamoDbTweetsStore(countedDynamoDbClient(), config.TWEETS_TABLE);

export const tweetsStore: TweetsStore =
  config.STORE_CACHE_TTL_SECONDS > 0
    ? createCachedTweetsStore(tableStore, redis, config.STORE_CACHE_TTL_SECONDS)
    : tableStore;

export const responseCache: ResponseCache = createRedisResponseCache(
  redis,
  config.RESPONSE_CACHE_TTL_SECONDS,
);

export const likeBatcher: LikeBatcher = createLikeBatcher(
  tweetsStore,
  createRedisLikeBuffer(redis),
);
