// The games store on games-db: the only code that touches the games table. Writes go to
// the primary; reads go wherever the caller's read position allows. Guesses are stored as
// words; feedback is derived. The table and its access patterns are in schema.ts.
import * as z from "zod";
import { type GamesDbClient, GamesDbUnavailable, type Row } from "../games-db/client";
import { GamesUnavailable } from "./errors";
import type { GamesStore, StoredGame } from "./store";
import { feedback, MAX_GUESSES } from "./wordle";

const SELECT_GAME = "SELECT * FROM games WHERE id = ?";

export function createGamesDbStore(gamesDb: GamesDbClient): GamesStore {
  const db = reportingUnavailability(gamesDb);
  return {
    async create(game) {
      const { txid } = await db.exec([
        {
          sql: `INSERT INTO games (id, username, answer, status, guesses, guess_count, created_at)
                VALUES (?, ?, ?, ?, '[]', 0, ?)`,
          params: [game.id, game.username, game.answer, game.status, game.createdAt],
        },
      ]);
      return txid;
    },

    async get(id, minTxid) {
      const read = await db.query(SELECT_GAME, [id], { minTxid });
      if (read.rows.length === 0 && !read.fromPrimary) return this.getLatest(id);
      return { value: read.rows[0] ? toGame(read.rows[0]) : undefined, txid: read.txid };
    },

    async getLatest(id) {
      const { rows, txid } = await db.query(SELECT_GAME, [id], { fromPrimary: true });
      return { value: rows[0] ? toGame(rows[0]) : undefined, txid };
    },

    async saveGuess(next, previousGuessCount) {
      const { results, txid } = await db.exec([
        {
          sql: `UPDATE games SET status = ?, guesses = ?, guess_count = ?, finished_at = ?
                WHERE id = ? AND guess_count = ?`,
          params: [
            next.status,
            JSON.stringify(next.guesses.map((guess) => guess.word)),
            next.guesses.length,
            next.finishedAt,
            next.id,
            previousGuessCount,
          ],
        },
      ]);
      return { applied: results[0]?.changes === 1, txid };
    },

    async listByPlayer({ username, status, limit, after, minTxid }) {
      const conditions = ["username = ?"];
      const params: (string | number)[] = [username];
      if (status) {
        conditions.push("status = ?");
        params.push(status);
      }
      if (after) {
        conditions.push("(created_at, id) < (?, ?)");
        params.push(after.createdAt, after.id);
      }
      const { rows, txid } = await db.query(
        `SELECT * FROM games WHERE ${conditions.join(" AND ")}
         ORDER BY created_at DESC, id DESC LIMIT ?`,
        [...params, limit + 1],
        { minTxid },
      );
      const games = rows.slice(0, limit).map(toGame);
      const lastGame = games.at(-1);
      const last =
        rows.length > limit && lastGame
          ? { createdAt: lastGame.createdAt, id: lastGame.id }
          : undefined;
      return { value: { games, last }, txid };
    },

    async unreported(limit) {
      const { rows } = await db.query(
        `SELECT * FROM games WHERE status != 'in_progress' AND result_reported = 0
         ORDER BY finished_at LIMIT ?`,
        [limit],
      );
      return rows.map(toGame);
    },

    async markReported(id) {
      await db.exec([{ sql: "UPDATE games SET result_reported = 1 WHERE id = ?", params: [id] }]);
    },
  };
}

/**
 * games-db failing to answer (no primary, every node down) makes the games service
 * unavailable (GamesUnavailable), which the caller may retry.
 */
function reportingUnavailability(db: GamesDbClient): GamesDbClient {
  const translate = (error: unknown): never => {
    if (error instanceof GamesDbUnavailable) {
      throw new GamesUnavailable();
    }
    throw error;
  };
  return {
    exec: (statements) => db.exec(statements).catch(translate),
    query: (sql, params, options) => db.query(sql, params, options).catch(translate),
  };
}

const GameRow = z.object({
  id: z.string(),
  username: z.string(),
  answer: z.string(),
  status: z.enum(["in_progress", "won", "lost"]),
  guesses: z.string().transform((text) => z.array(z.string()).parse(JSON.parse(text))),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});

function toGame(row: Row): StoredGame {
  const stored = GameRow.parse(row);
  return {
    id: stored.id,
    username: stored.username,
    answer: stored.answer,
    status: stored.status,
    guesses: stored.guesses.map((word) => ({ word, letters: feedback(stored.answer, word) })),
    guessesRemaining: MAX_GUESSES - stored.guesses.length,
    createdAt: stored.created_at,
    finishedAt: stored.finished_at,
  };
}
