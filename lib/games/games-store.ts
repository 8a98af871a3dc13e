// The games store this deployment uses: games-db through the shared client.
import { gamesDb } from "../clients/games-db";
import { createGamesStore } from "./store";

export const gamesStore = createGamesStore(gamesDb);
