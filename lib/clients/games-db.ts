// The one games-db client per Lambda instance: it learns which node is the primary and
// which replicas are healthy, and keeps that knowledge between invocations.
import { config } from "../config";
import { createGamesDbClient } from "../games-db/client";

export const gamesDb = createGamesDbClient({
  nodes: config.GAMES_DB_NODES,
  secret: config.GAMES_DB_SECRET,
});
