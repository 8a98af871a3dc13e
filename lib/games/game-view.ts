// What the API shows of a stored game, and the ownership rule every route applies.
import { GameNotFound, NotYourGame } from "./errors";
import type { StoredGame } from "./store";
import { publicView } from "./wordle";

/** The game as its player sees it; `answer` appears only once the game is over. */
export function gameView(game: StoredGame) {
  const { status, guesses, guessesRemaining, answer } = publicView(game);
  return {
    id: game.id,
    status,
    guesses,
    guessesRemaining,
    ...(answer === undefined ? {} : { answer }),
    createdAt: game.createdAt,
  };
}

/** The game, if it exists and belongs to `username`: 404 or 403 otherwise. */
export function ownedGame(game: StoredGame | undefined, id: string, username: string): StoredGame {
  if (!game) throw new GameNotFound(id);
  if (game.username !== username) throw new NotYourGame();
  return game;
}
