// POST /games/{id}/guesses {guess}: plays one guess. A word outside the dictionary is a
// 400 invalid_word and does not count; a guess after the end is a 409.
import { z } from "zod";
import { gameView, ownedGame } from "../../lib/games/game-view";
import { gamesStore } from "../../lib/games/games-store";
import { gameIdPath } from "../../lib/games/inputs";
import { readPositionOf, readYourWrites } from "../../lib/games/read-your-writes";
import { requestReport } from "../../lib/games/result-reporting";
import type { StoredGame } from "../../lib/games/store";
import { applyGuess, GameOverError, InvalidWordError } from "../../lib/games/wordle";
import { BadRequest, Conflict } from "../../lib/http/errors";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";

const body = z.strictObject({ guess: z.string().trim().min(1).max(32) });

/** Attempts before giving up when other guesses on the same game keep winning the race. */
const ATTEMPTS = 3;

export const handler = authenticatedRoute(
  { path: gameIdPath, body },
  async ({ path, body, username, event }) => {
    const position = readPositionOf(event);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      // Read-modify-write: read the primary's latest state, then write conditionally.
      const read = await gamesStore.getLatest(path.id);
      position.observe(read.txid);
      const game = ownedGame(read.value, path.id, username);
      const next = play(game, body.guess);
      const saved = await gamesStore.saveGuess(next, game.guesses.length);
      if (saved.applied) {
        position.wrote(saved.txid);
        if (next.status !== "in_progress") await requestReport(next.id);
        return ok(gameView(next));
      }
      position.observe(saved.txid);
    }
    throw new Conflict("the game is changing too fast; try again");
  },
  readYourWrites(),
);

function play(game: StoredGame, guess: string): StoredGame {
  try {
    const next = applyGuess(game, guess);
    const finishedAt = next.status === "in_progress" ? null : new Date().toISOString();
    return { ...game, ...next, finishedAt };
  } catch (error) {
    if (error instanceof InvalidWordError) {
      throw new BadRequest(`${guess} is not a five-letter word in the dictionary`, "invalid_word");
    }
    if (error instanceof GameOverError) throw new Conflict(`the game is already ${game.status}`);
    throw error;
  }
}
