// What the leaderboard refuses, as domain errors (lib/domain-errors.ts).
import { InvalidRequest, UnavailableError } from "../domain-errors";
import type { GameResult } from "./scoring";

/** A reported result no real game can have (guesses outside 1..6, or a loss before 6). */
export class InvalidResult extends InvalidRequest {
  constructor(readonly result: GameResult) {
    super(`impossible game result: ${JSON.stringify(result)}`, "invalid_result");
  }
}

export class LeaderboardUnavailable extends UnavailableError {
  constructor() {
    super("the leaderboard is unavailable; try again shortly");
  }
}
