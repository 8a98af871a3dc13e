// The leaderboard's Redis store: records finished games (each game id once) and reads the
// top of the ranking with one ZRANGE. Key layout in keys.ts, order and encoding in ranking.ts.
import type { Redis } from "ioredis";
import { DEFAULT_KEY_PREFIX, leaderboardKeys } from "./keys";
import { averageMicros, decodeRankingScore, displayedAverage } from "./ranking";
import { RECORD_RESULT_LUA, RECORD_RESULT_SHA1 } from "./record-result-script";
import { scoreOf } from "./scoring";

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

export interface LeaderboardStoreOptions {
  keyPrefix?: string;
}

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

function parseScriptReply(reply: unknown): [recorded: boolean, total: number, games: number] {
  if (Array.isArray(reply) && reply.length === 3) {
    const [recorded, total, games]: unknown[] = reply;
    if (typeof total === "number" && typeof games === "number") {
      return [recorded === 1, total, games];
    }
  }
  throw new Error(`unexpected reply from the record-result script: ${JSON.stringify(reply)}`);
}

export function createLeaderboardStore(
  redis: Redis,
  { keyPrefix = DEFAULT_KEY_PREFIX }: LeaderboardStoreOptions = {},
): LeaderboardStore {
  const keys = leaderboardKeys(keyPrefix);
  const scriptKeys = [keys.countedGames, keys.scoreTotals, keys.gameCounts, keys.ranking];

  async function runRecordScript(args: string[]): Promise<unknown> {
    try {
      return await redis.evalsha(RECORD_RESULT_SHA1, scriptKeys.length, ...scriptKeys, ...args);
    } catch (error) {
      if (!isNoScriptError(error)) throw error;
      return redis.eval(RECORD_RESULT_LUA, scriptKeys.length, ...scriptKeys, ...args);
    }
  }

  return {
    async recordResult({ gameId, username, won, guesses }) {
      const score = scoreOf({ won, guesses });
      const reply = await runRecordScript([gameId, username, String(score)]);
      const [recorded, total, games] = parseScriptReply(reply);
      const averageScore = games === 0 ? 0 : displayedAverage(averageMicros(total, games));
      return { recorded, username, averageScore, games };
    },

    async top(n = 10) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`invalid leaderboard size: ${n}`);
      if (n === 0) return [];
      const flat = await redis.zrange(keys.ranking, 0, n - 1, "WITHSCORES");
      const entries: LeaderboardEntry[] = [];
      for (let i = 0; i < flat.length; i += 2) {
        const username = flat[i];
        const score = flat[i + 1];
        if (username === undefined || score === undefined) break;
        const { averageMicros: micros, games } = decodeRankingScore(Number(score));
        const averageScore = displayedAverage(micros);
        entries.push({ rank: entries.length + 1, username, averageScore, games });
      }
      return entries;
    },
  };
}
