// GET /leaderboard: the top 10 players by average score (public).
import { Unavailable } from "../../lib/http/errors";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { leaderboardStore } from "../../lib/leaderboard/leaderboard-store";
import { describeError, log } from "../../lib/log";

const TOP = 10;

export const handler = publicRoute({}, async () => {
  try {
    return ok({ items: await leaderboardStore.top(TOP) });
  } catch (error) {
    log.warn("leaderboard unavailable", describeError(error));
    throw new Unavailable("the leaderboard is unavailable; try again shortly");
  }
});
