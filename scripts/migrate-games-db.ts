// Applies the games schema on the games-db primary of a deployment (the local stack does
// this at every start). Every statement is idempotent, so running it again is harmless.
// Usage: AGORA_GAMES_DB_NODES=https://node-1,https://node-2 npm run migrate:games-db
import { migrateGamesDb } from "../local/games-db-cluster";
import { stackSettingsFromEnv } from "../local/settings";

async function main(): Promise<void> {
  const nodes = stackSettingsFromEnv(process.env).external.gamesDbNodes;
  if (nodes === undefined) {
    throw new Error("set AGORA_GAMES_DB_NODES to the games-db nodes' URLs, comma-separated");
  }
  const txid = await migrateGamesDb(nodes);
  console.log(`games schema applied on the primary (TXID ${txid})`);
}

main().catch((error: unknown) => {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
