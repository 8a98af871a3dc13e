// GET /leaderboard: the top 10 players by average score (public).
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { leaderboardStore } from "../../lib/leaderboard/composition-root";

const TOP = 10;

export const handler = publicRoute({}, async () => ok({ items: await leaderboardStore.top(TOP) }));
