// Internal games-reportUnreported, on a schedule: reports finished games whose result
// has not reached the leaderboard yet (it was down, or the immediate report failed).
import { gamesStore } from "../../lib/games/composition-root";
import { reportUnreported } from "../../lib/games/result-reporting";

const BATCH = 100;

export async function handler(): Promise<{ reported: number }> {
  return { reported: await reportUnreported(gamesStore, BATCH) };
}
