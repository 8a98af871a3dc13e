// The leaderboard store on Redis: records finished games (each game id once) and reads the
// top of the ranking with one ZRANGE. Key layout in keys.ts, order and encoding in ranking.ts.
// A Redis that cannot answer makes the leaderboard unavailable (LeaderboardUnavailable).
import type { Redis } from "ioredis";
import { LuaScript } from "../redis/lua-script";
import { unreachableAs } from "../redis/unreachable";
import { LeaderboardUnavailable } from "./errors";
import { DEFAULT_KEY_PREFIX, leaderboardKeys } from "./keys";
import { averageMicros, decodeRankingScore, displayedAverage } from "./ranking";
import { RECORD_RESULT_LUA } from "./record-result-script";
import { scoreOf } from "./scoring";
import type { LeaderboardEntry, LeaderboardStore } from "./store";

export interface LeaderboardStoreOptions {
  keyPrefix?: string;
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

const recordResult = new LuaScript(RECORD_RESULT_LUA);

export function createRedisLeaderboardStore(
  redis: Redis,
  { keyPrefix = DEFAULT_KEY_PREFIX }: LeaderboardStoreOptions = {},
): LeaderboardStore {
  const keys = leaderboardKeys(keyPrefix);
  const scriptKeys = [keys.countedGames, keys.scoreTotals, keys.gameCounts, keys.ranking];

  const unavailable = unreachableAs(() => new LeaderboardUnavailable());

  return {
    async recordResult({ gameId, username, won, guesses }) {
      const score = scoreOf({ won, guesses });
      const reply = await recordResult
        .run(redis, scriptKeys, [gameId, username, score])
        .catch(unavailable);
      const [recorded, total, games] = parseScriptReply(reply);
      const averageScore = games === 0 ? 0 : displayedAverage(averageMicros(total, games));
      return { recorded, username, averageScore, games };
    },

    async top(n = 10) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`invalid leaderboard size: ${n}`);
      if (n === 0) return [];
      const flat = await redis.zrange(keys.ranking, 0, n - 1, "WITHSCORES").catch(unavailable);
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
