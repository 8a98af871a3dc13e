// The games service's schema in games-db, as migrations the primary applies once each (POST
// /migrate): by `npm start`, and by `npm run migrate:games-db` at deploy time. A migration never
// changes once deployed; a change to the schema is a new migration appended to the list.
//
// Access patterns: a game by id; a player's games newest first, optionally by status
// (games_by_player); finished games whose result has not reached the leaderboard yet
// (games_to_report, a partial index that stays as small as that backlog).
import type { GamesDbMigrations, Migration } from "../games-db/client";

export const GAMES_MIGRATIONS: readonly Migration[] = [
  {
    // IF NOT EXISTS: databases created before migrations existed already hold these.
    id: "games/0001-games",
    statements: [
      `CREATE TABLE IF NOT EXISTS games (
         id TEXT PRIMARY KEY,
         username TEXT NOT NULL,
         answer TEXT NOT NULL,
         status TEXT NOT NULL CHECK (status IN ('in_progress', 'won', 'lost')),
         guesses TEXT NOT NULL DEFAULT '[]',
         guess_count INTEGER NOT NULL DEFAULT 0,
         created_at TEXT NOT NULL,
         finished_at TEXT,
         result_reported INTEGER NOT NULL DEFAULT 0
       )`,
      `CREATE INDEX IF NOT EXISTS games_by_player
         ON games (username, created_at DESC, id DESC)`,
      `CREATE INDEX IF NOT EXISTS games_by_player_status
         ON games (username, status, created_at DESC, id DESC)`,
      `CREATE INDEX IF NOT EXISTS games_to_report
         ON games (finished_at) WHERE status != 'in_progress' AND result_reported = 0`,
    ].map((sql) => ({ sql })),
  },
];

/** Applies the games migrations on the primary, in order; returns the TXID it is at afterwards. */
export async function migrateGamesSchema(gamesDb: GamesDbMigrations): Promise<number> {
  let txid = 0;
  for (const migration of GAMES_MIGRATIONS) ({ txid } = await gamesDb.migrate(migration));
  return txid;
}
