// Internal games-reportFinished {gameId}: invoked asynchronously by the guess that ends
// a game; reports its result to the leaderboard and marks it reported. If it fails,
// the scheduled games-reportUnreported sweep reports it later.
import * as z from "zod";
import { gamesStore } from "../../lib/games/composition-root";
import { reportGame } from "../../lib/games/result-reporting";
import { internalFunction } from "../../lib/internal-function";

const ReportFinished = z.strictObject({ gameId: z.uuid() });

export const handler = internalFunction(ReportFinished, async ({ gameId }) => {
  // From the primary: a replica may not have the finishing guess yet, and the game would
  // then wait for the sweep.
  const { value: game } = await gamesStore.getLatest(gameId);
  if (!game || game.status === "in_progress") return { gameId, reported: false };
  await reportGame(gamesStore, game);
  return { gameId, reported: true };
});
