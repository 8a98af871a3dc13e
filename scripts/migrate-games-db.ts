// Applies the games migrations on the games-db primary of a deployment (the local stack does
// this at every start). Each migration is applied once, so running it again is harmless.
// Usage: AGORA_GAMES_DB_NODES=https://node-1,https://node-2 AGORA_GAMES_DB_SECRET=... \
//          npm run migrate:games-db
import * as z from "zod";
import { migrateGamesSchema } from "../lib/games/schema";
import { createGamesDbClient } from "../lib/games-db/client";

const Env = z.object({
  AGORA_GAMES_DB_NODES: z
    .string({ error: "set AGORA_GAMES_DB_NODES to the games-db nodes' URLs, comma-separated" })
    .transform((list) => list.split(",").map((url) => url.trim())),
  AGORA_GAMES_DB_SECRET: z
    .string({ error: "set AGORA_GAMES_DB_SECRET to the games-db nodes' shared secret" })
    .min(16, "AGORA_GAMES_DB_SECRET must be the nodes' secret (at least 16 characters)"),
});

async function main(): Promise<void> {
  const env = Env.parse(process.env);
  const gamesDb = createGamesDbClient({
    nodes: env.AGORA_GAMES_DB_NODES,
    secret: env.AGORA_GAMES_DB_SECRET,
  });
  const txid = await migrateGamesSchema(gamesDb);
  console.log(`games migrations applied on the primary (TXID ${txid})`);
}

main().catch((error: unknown) => {
  const message = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
  console.error(
    `migration failed: ${error instanceof Error && !(error instanceof z.ZodError) ? error.message : message}`,
  );
  process.exit(1);
});
