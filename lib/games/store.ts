// The games store: what the games service needs from its data. The games-db adapter is
// games-db-store.ts; composition-root.ts wires the one in use. Reads take the caller's read
// position so they never return older data than the caller has already seen.
import * as z from "zod";
import type { Game, GameStatus } from "./wordle";

export interface StoredGame extends Game {
  id: string;
  username: string;
  createdAt: string;
  finishedAt: string | null;
}

export const gamesPosition = z.object({ createdAt: z.string(), id: z.string() });
export type GamesPosition = z.output<typeof gamesPosition>;

export interface Read<T> {
  value: T;
  /** The position of the node that answered. */
  txid: number;
}

export interface GamesStore {
  create(game: StoredGame): Promise<number>;
  /**
   * The game, as new as `minTxid` at least. A miss on a replica is confirmed on the
   * primary (it may only be lag), so a game that exists is never reported missing.
   */
  get(id: string, minTxid?: number): Promise<Read<StoredGame | undefined>>;
  /** The game as the primary has it now: the read of a read-modify-write. */
  getLatest(id: string): Promise<Read<StoredGame | undefined>>;
  /**
   * Saves `next` if the stored game still has `previousGuessCount` guesses; returns the
   * write's TXID and whether it applied (false: another guess got there first).
   */
  saveGuess(
    next: StoredGame,
    previousGuessCount: number,
  ): Promise<{ applied: boolean; txid: number }>;
  listByPlayer(options: {
    username: string;
    status?: GameStatus;
    limit: number;
    after?: GamesPosition;
    minTxid?: number;
  }): Promise<Read<{ games: StoredGame[]; last?: GamesPosition }>>;
  /** Finished games whose result the leaderboard has not acknowledged, oldest first. */
  unreported(limit: number): Promise<StoredGame[]>;
  markReported(id: string): Promise<void>;
}
