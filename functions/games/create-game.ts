// POST /games: starts a Wordle game for the caller with a random answer. It takes no
// body; one with fields (an attempt to choose the answer, say) is refused, not ignored.
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { gamesStore } from "../../lib/games/composition-root";
import { gameView } from "../../lib/games/game-view";
import { gamesRoute } from "../../lib/games/games-route";
import { newGame } from "../../lib/games/wordle";
import { randomAnswer } from "../../lib/games/words";
import { created } from "../../lib/http/responses";

const body = z.strictObject({}).optional();

export const handler = gamesRoute({ body }, async ({ username, position }) => {
  const game = {
    ...newGame(randomAnswer()),
    id: randomUUID(),
    username,
    createdAt: new Date().toISOString(),
    finishedAt: null,
  };
  position.wrote(await gamesStore.create(game));
  return created(`/games/${game.id}`, gameView(game));
});
