// GET /games/{id}: one of the caller's games; the answer only once it is over.

import { gameView, ownedGame } from "../../lib/games/game-view";
import { gamesStore } from "../../lib/games/games-store";
import { gameIdPath } from "../../lib/games/inputs";
import { readPositionOf, readYourWrites } from "../../lib/games/read-your-writes";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";

export const handler = authenticatedRoute(
  { path: gameIdPath },
  async ({ path, username, event }) => {
    const position = readPositionOf(event);
    const { value, txid } = await gamesStore.get(path.id, position.minTxid);
    position.observe(txid);
    return ok(gameView(ownedGame(value, path.id, username)));
  },
  readYourWrites(),
);
