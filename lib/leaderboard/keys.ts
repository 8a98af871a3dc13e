// Redis keys of the leaderboard, all under one prefix.

export const DEFAULT_KEY_PREFIX = "leaderboard:";

export interface LeaderboardKeys {
  /** Set of game ids already counted, so that a re-reported game counts once. */
  countedGames: string;
  /** Hash username → sum of the user's game scores. */
  scoreTotals: string;
  /** Hash username → number of the user's counted games. */
  gameCounts: string;
  /** Sorted set username → rankingScore(total, games); ascending order is the ranking. */
  ranking: string;
}

export function leaderboardKeys(prefix: string = DEFAULT_KEY_PREFIX): LeaderboardKeys {
  return {
    countedGames: `${prefix}counted-games`,
    scoreTotals: `${prefix}score-totals`,
    gameCounts: `${prefix}game-counts`,
    ranking: `${prefix}ranking`,
  };
}
