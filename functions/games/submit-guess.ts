// POST /games/{id}/guesses {guess}: plays one guess. A word outside the dictionary is a
// 400 invalid_word and does not count; a guess after the end is a 409.
import * as z from "zod";
import { gamesStore } from "../../lib/games/composition-root";
import { gameView } from "../../lib/games/game-view";
import { gamesRoute } from "../../lib/games/games-route";
import { gameIdPath } from "../../lib/games/inputs";
import { playGuess } from "../../lib/games/play-guess";
import { ok } from "../../lib/http/responses";

const body = z.strictObject({ guess: z.string().trim().min(1).max(32) });

export const handler = gamesRoute({ path: gameIdPath, body }, async (request) => {
  const { path, body, username, position } = request;
  return ok(
    gameView(
      await playGuess(gamesStore, { gameId: path.id, username, guess: body.guess, position }),
    ),
  );
});
