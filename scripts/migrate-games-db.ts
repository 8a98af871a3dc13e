// Applies the games schema on the games-db primary of a deployment (the local stack does
// this at every start). Every statement is idempotent, so running it again is harmless.
// Usage: AGORA_GAMES_DB_NODES=https://node-1,https://node-2 npm run migrate:games-db
import * as z from "zod";
import { migrateGamesSchema } from "../lib/games/schema";
import { createGamesDbClient } from "../lib/games-db/client";

const Env = z.object({
  AGORA_GAMES_DB_NODES: z
    .string({ error: "set AGORA_GAMES_DB_NODES to the games-db nodes' URLs, comma-separated" })
    .transform((list) => list.split(",").map((url) => url.trim())),
});

async function main(): Promise<void> {
  const env = Env.parse(process.env);
  const txid = await migrateGamesSchema(createGamesDbClient({ nodes: env.AGORA_GAMES_DB_NODES }));
  console.log(`games schema applied on the primary (TXID ${txid})`);
}

main().catch((error: unknown) => {
  const message = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
  console.error(
    `migration failed: ${error instanceof Error && !(error instanceof z.ZodError) ? error.message : message}`,
  );
  process.exit(1);
});
