// The games service's composition root: the store this deployment uses, built once per
// Lambda instance on the shared games-db client.
import { gamesDb } from "../clients/games-db";
import { createGamesDbStore } from "./games-db-store";
import type { GamesStore } from "./store";

export const gamesStore: GamesStore = createGamesDbStore(gamesDb);
