// The votes service's composition root: the store this deployment uses, on Agora's Redis
// through the shared connection.
import { redis } from "../clients/redis";
import { createRedisVotesStore } from "./redis-store";
import type { VotesStore } from "./store";

export const votesStore: VotesStore = createRedisVotesStore(redis);
