// GET /games/{id}: one of the caller's games; the answer only once it is over.
import { gamesStore } from "../../lib/games/composition-root";
import { gameView, ownedGame } from "../../lib/games/game-view";
import { gamesRoute } from "../../lib/games/games-route";
import { gameIdPath } from "../../lib/games/inputs";
import { ok } from "../../lib/http/responses";

export const handler = gamesRoute({ path: gameIdPath }, async ({ path, username, position }) => {
  const { value, txid } = await gamesStore.get(path.id, position.minTxid);
  position.observe(txid);
  return ok(gameView(ownedGame(value, path.id, username)));
});
