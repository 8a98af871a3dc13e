// Internal games-reportUnreported, on a schedule: reports finished games whose result
// has not reached the leaderboard yet (it was down, or the immediate report failed).
import * as z from "zod";
import { gamesStore } from "../../lib/games/composition-root";
import { reportUnreported } from "../../lib/games/result-reporting";
import { internalFunction } from "../../lib/internal-function";

const BATCH = 100;

/** The schedule's event says nothing the sweep needs. */
const ScheduledSweep = z.unknown();

export const handler = internalFunction(ScheduledSweep, async () => ({
  reported: await reportUnreported(gamesStore, BATCH),
}));
