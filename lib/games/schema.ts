// The games service's schema in games-db, applied on the primary by `npm start` and by
// `npm run migrate:games-db` at deploy time. Every statement is idempotent.
//
// Access patterns: a game by id; a player's games newest first, optionally by status
// (games_by_player); finished games whose result has not reached the leaderboard yet
// (games_to_report, a partial index that stays as small as that backlog).
import type { GamesDbClient } from "../games-db/client";

export const GAMES_SCHEMA: readonly string[] = [
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
];

/** Applies the games schema on the primary; returns the TXID it is at afterwards. */
export async function migrateGamesSchema(gamesDb: GamesDbClient): Promise<number> {
  const { txid } = await gamesDb.exec(GAMES_SCHEMA.map((sql) => ({ sql })));
  return txid;
}
