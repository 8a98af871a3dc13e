// POST /games: starts a Wordle game for the caller with a random answer. It takes no
// body; one with fields (an attempt to choose the answer, say) is refused, not ignored.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { gameView } from "../../lib/games/game-view";
import { gamesStore } from "../../lib/games/games-store";
import { readPositionOf, readYourWrites } from "../../lib/games/read-your-writes";
import { newGame } from "../../lib/games/wordle";
import { randomAnswer } from "../../lib/games/words";
import { created } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";

const body = z.strictObject({}).optional();

export const handler = authenticatedRoute(
  { body },
  async ({ username, event }) => {
    const game = {
      ...newGame(randomAnswer()),
      id: randomUUID(),
      username,
      createdAt: new Date().toISOString(),
      finishedAt: null,
    };
    readPositionOf(event).wrote(await gamesStore.create(game));
    return created(`/games/${game.id}`, gameView(game));
  },
  readYourWrites(),
);
