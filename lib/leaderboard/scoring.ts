// Score of one finished Wordle game for the leaderboard: fewer guesses score more, a loss 0.
import { InvalidResult } from "./errors";

/** Points for a win, indexed by the number of guesses minus one. */
const POINTS_FOR_WIN = [6, 5, 4, 3, 2, 1] as const;
const MAX_GUESSES = POINTS_FOR_WIN.length;

export interface GameResult {
  won: boolean;
  guesses: number;
}

/** 6 points for a win in 1 guess down to 1 for a win in 6; 0 for a loss (which took 6). */
export function scoreOf(result: GameResult): number {
  const { won, guesses } = result;
  const points = POINTS_FOR_WIN[guesses - 1];
  if (!Number.isInteger(guesses) || points === undefined) throw new InvalidResult(result);
  if (won) return points;
  if (guesses !== MAX_GUESSES) throw new InvalidResult(result);
  return 0;
}
