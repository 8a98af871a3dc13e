// Getting finished games onto the leaderboard without depending on it. The finishing
// guess leaves the game marked unreported (an outbox row in the same transaction) and
// asks for an immediate report asynchronously; a scheduled sweep reports whatever is
// still unreported, so a result is delayed while the leaderboard is down, never lost.
import { invokeFunction, invokeFunctionAsync } from "../clients/lambda";
import { describeError, log } from "../log";
import type { GamesStore, StoredGame } from "./store";

export const REPORT_FINISHED_GAME = "games-reportFinished";
export const REPORT_RESULT = "leaderboard-reportResult";

/** Asks for `gameId` to be reported soon; never throws and never waits for the report. */
export async function requestReport(gameId: string): Promise<void> {
  try {
    await invokeFunctionAsync(REPORT_FINISHED_GAME, { gameId });
  } catch (error) {
    // The sweep will report it; the player's guess must not fail for this.
    log.warn("could not queue a result report", { gameId, ...describeError(error) });
  }
}

/** Reports one finished game to the leaderboard and marks it reported; throws on failure. */
export async function reportGame(store: GamesStore, game: StoredGame): Promise<void> {
  if (game.status === "in_progress") return;
  await invokeFunction(REPORT_RESULT, {
    gameId: game.id,
    username: game.username,
    won: game.status === "won",
    guesses: game.guesses.length,
  });
  await store.markReported(game.id);
}

/** Reports up to `limit` unreported games; returns how many were reported. */
export async function reportUnreported(store: GamesStore, limit: number): Promise<number> {
  let reported = 0;
  for (const game of await store.unreported(limit)) {
    try {
      await reportGame(store, game);
      reported++;
    } catch (error) {
      log.warn("result report failed; will retry", { gameId: game.id, ...describeError(error) });
      break; // the leaderboard is likely down: stop and let the next sweep try
    }
  }
  return reported;
}
