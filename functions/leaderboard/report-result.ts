// Internal leaderboard-reportResult {gameId, username, won, guesses}: records one
// finished game; reporting the same game id again changes nothing.
import * as z from "zod";
import { internalFunction } from "../../lib/internal-function";
import { leaderboardStore } from "../../lib/leaderboard/composition-root";

const ReportResult = z
  .strictObject({
    gameId: z.string().min(1).max(64),
    username: z.string().regex(/^[a-z0-9_]{3,32}$/),
    won: z.boolean(),
    guesses: z.number().int().min(1).max(6),
  })
  .refine((result) => result.won || result.guesses === 6, {
    message: "a lost game always took 6 guesses",
    path: ["guesses"],
  });

export const handler = internalFunction(ReportResult, (result) =>
  leaderboardStore.recordResult(result),
);
