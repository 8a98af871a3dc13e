// The leaderboard order and its encoding as one exact Redis sorted-set score, so that
// ascending ZRANGE order equals compareStandings order. RECORD_RESULT_LUA mirrors this code.

/** Games beyond this still count in the average but no longer break ties. */
export const MAX_RANKED_GAMES = 999_999_999;
const GAMES_RADIX = MAX_RANKED_GAMES + 1;

export interface PlayerTotals {
  username: string;
  /** Sum of the scores of the player's games. */
  totalScore: number;
  games: number;
}

/**
 * The average score in millionths, rounded half up. Computed with the very same double
 * operations in Lua, so both sides agree bit for bit; exact while games < 7.5e8.
 */
export function averageMicros(totalScore: number, games: number): number {
  return Math.floor((2 * totalScore * 1_000_000 + games) / (2 * games));
}

/**
 * Sorted-set score: -(averageMicros * 1e9 + min(games, MAX_RANKED_GAMES)). Its magnitude is at
 * most 6e6 * 1e9 + 1e9 - 1 < 2^53, so it is an exact integer double; ascending order gives
 * higher average first, then more games, and Redis breaks equal scores by username bytes.
 */
export function rankingScore(totalScore: number, games: number): number {
  return -(averageMicros(totalScore, games) * GAMES_RADIX + Math.min(games, MAX_RANKED_GAMES));
}

export function decodeRankingScore(score: number): { averageMicros: number; games: number } {
  const encoded = -score;
  const games = encoded % GAMES_RADIX;
  return { averageMicros: (encoded - games) / GAMES_RADIX, games };
}

/** The average as the API shows it: rounded to 3 decimals. */
export function displayedAverage(micros: number): number {
  return Math.round(micros / 1000) / 1000;
}

/**
 * Leaderboard order: higher average first (to the millionth), then more games, then username
 * ascending by UTF-8 bytes, exactly as Redis orders the ranking sorted set.
 */
export function compareStandings(a: PlayerTotals, b: PlayerTotals): number {
  const byAverage = averageMicros(b.totalScore, b.games) - averageMicros(a.totalScore, a.games);
  if (byAverage !== 0) return byAverage;
  const byGames = Math.min(b.games, MAX_RANKED_GAMES) - Math.min(a.games, MAX_RANKED_GAMES);
  if (byGames !== 0) return byGames;
  return Buffer.compare(Buffer.from(a.username), Buffer.from(b.username));
}
