// GET /games?status=&limit=&cursor=: the caller's games, newest first.
import * as z from "zod";
import { gamesStore } from "../../lib/games/composition-root";
import { gameView } from "../../lib/games/game-view";
import { gamesRoute } from "../../lib/games/games-route";
import { gamesPosition } from "../../lib/games/store";
import { decodeCursor, encodeCursor, paginationQuery } from "../../lib/http/pagination";
import { ok } from "../../lib/http/responses";

const query = z.object({
  status: z.enum(["in_progress", "won", "lost"]).optional(),
  ...paginationQuery,
});

export const handler = gamesRoute({ query }, async ({ query, username, position }) => {
  const list = `games/${username}?status=${query.status ?? ""}`;
  const { value, txid } = await gamesStore.listByPlayer({
    username,
    status: query.status,
    limit: query.limit,
    after: query.cursor ? decodeCursor(list, query.cursor, gamesPosition) : undefined,
    minTxid: position.minTxid,
  });
  position.observe(txid);
  return ok({ items: value.games.map(gameView), nextCursor: encodeCursor(list, value.last) });
});
