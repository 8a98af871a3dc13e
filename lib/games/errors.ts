// What the games service refuses, as domain errors (lib/domain-errors.ts).
import {
  ConflictError,
  ForbiddenError,
  InvalidRequest,
  NotFoundError,
  UnavailableError,
} from "../domain-errors";
import type { GameStatus } from "./wordle";

export class GameNotFound extends NotFoundError {
  constructor(id: string) {
    super(`game ${id} not found`);
  }
}

export class NotYourGame extends ForbiddenError {
  constructor() {
    super("that game belongs to another player");
  }
}

/** The guess is not a dictionary word (or not five letters a–z); it is not counted. */
export class InvalidWord extends InvalidRequest {
  constructor(readonly word: string) {
    super(`${JSON.stringify(word)} is not a five-letter word in the dictionary`, "invalid_word");
  }
}

/** The game is already won or lost, so it takes no more guesses. */
export class GameOver extends ConflictError {
  constructor(readonly status: Exclude<GameStatus, "in_progress">) {
    super(`the game is already ${status}`);
  }
}

/** Other guesses on the same game kept winning the race; the player may try again. */
export class GameBusy extends ConflictError {
  constructor() {
    super("the game is changing too fast; try again");
  }
}

/** games-db cannot serve the request (no primary, every node down). */
export class GamesUnavailable extends UnavailableError {
  constructor() {
    super("the games database is unavailable; try again shortly");
  }
}
