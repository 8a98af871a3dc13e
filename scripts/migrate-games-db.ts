// Applies the games schema on the games-db primary of a deployment (the local stack does
// this at every start). Every statement is idempotent, so running it again is harmless.
// Usage: AGORA_GAMES_DB_NODES=https://node-1,https://node-2 npm run migrate:games-db
import { migrateGamesDb } from "../local/games-db-cluster";

const nodes = (process.env.AGORA_GAMES_DB_NODES ?? "")
  .split(",")
  .map((url) => url.trim())
  .filter(Boolean);
if (nodes.length === 0) {
  console.error("set AGORA_GAMES_DB_NODES to the games-db nodes' URLs, comma-separated");
  process.exit(2);
}
migrateGamesDb(nodes).then(
  (txid) => console.log(`games schema applied on the primary (TXID ${txid})`),
  (error: unknown) => {
    console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
