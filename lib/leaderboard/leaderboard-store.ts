// The leaderboard store this deployment uses: Agora's Redis through the shared client.
import { redis } from "../clients/redis";
import { createLeaderboardStore } from "./store";

export const leaderboardStore = createLeaderboardStore(redis);
