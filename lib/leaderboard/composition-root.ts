// The leaderboard's composition root: the store this deployment uses, on Agora's Redis
// through the shared connection.
import { redis } from "../clients/redis";
import { createRedisLeaderboardStore } from "./redis-store";
import type { LeaderboardStore } from "./store";

export const leaderboardStore: LeaderboardStore = createRedisLeaderboardStore(redis);
