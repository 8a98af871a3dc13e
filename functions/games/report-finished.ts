// Internal games-reportFinished {gameId}: invoked asynchronously by the guess that ends
// a game; reports its result to the leaderboard and marks it reported. If it fails,
// the scheduled games-reportUnreported sweep reports it later.
import { z } from "zod";
import { gamesStore } from "../../lib/games/games-store";
import { reportGame } from "../../lib/games/result-reporting";

const ReportFinished = z.strictObject({ gameId: z.uuid() });

export async function handler(event: unknown): Promise<{ gameId: string; reported: boolean }> {
  const { gameId } = ReportFinished.parse(event);
  const { value: game } = await gamesStore.get(gameId);
  if (!game || game.status === "in_progress") return { gameId, reported: false };
  await reportGame(gamesStore, game);
  return { gameId, reported: true };
}
