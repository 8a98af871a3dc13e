// The leaderboard store: recording finished games and reading the top of the ranking. The
// Redis adapter is redis-store.ts; composition-root.ts wires the one in use.

export interface ReportedResult {
  gameId: string;
  username: string;
  won: boolean;
  guesses: number;
}

export interface RecordOutcome {
  /** False when this game id had already been counted; nothing changed then. */
  recorded: boolean;
  username: string;
  averageScore: number;
  games: number;
}

export interface LeaderboardEntry {
  rank: number;
  username: string;
  averageScore: number;
  /** Read from the ranking score, so capped at MAX_RANKED_GAMES. */
  games: number;
}

export interface LeaderboardStore {
  /** Counts one finished game; throws InvalidResultError for an impossible result. */
  recordResult(result: ReportedResult): Promise<RecordOutcome>;
  /** The best `n` players, best first, ranked 1..n. */
  top(n?: number): Promise<LeaderboardEntry[]>;
}
