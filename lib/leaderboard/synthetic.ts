// Deterministic fake players for benchmarks: fills the leaderboard's keys in bulk through
// pipelines, bypassing the per-game script (no game ids are recorded).
import type { Redis } from "ioredis";
import { DEFAULT_KEY_PREFIX, leaderboardKeys } from "./keys";
import { type PlayerTotals, rankingScore } from "./ranking";

const MAX_SYNTHETIC_GAMES = 200;
const PIPELINES_IN_FLIGHT = 4;

export interface SyntheticLoadOptions {
  /** Players written per pipeline. */
  batch?: number;
  seed?: number;
  keyPrefix?: string;
}

/** mulberry32: a small seeded PRNG returning numbers in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Players `player_0000000`, `player_0000001`, … with 1–200 games each; same seed, same players. */
export function* syntheticPlayers(count: number, seed = 1): Generator<PlayerTotals> {
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const games = 1 + Math.floor(random() * MAX_SYNTHETIC_GAMES);
    const totalScore = Math.floor(random() * (6 * games + 1));
    yield { username: `player_${String(i).padStart(7, "0")}`, totalScore, games };
  }
}

/** Writes syntheticPlayers(count, seed) into the same keys createLeaderboardStore uses. */
export async function loadSyntheticPlayers(
  redis: Redis,
  count: number,
  { batch = 10_000, seed = 1, keyPrefix = DEFAULT_KEY_PREFIX }: SyntheticLoadOptions = {},
): Promise<void> {
  const keys = leaderboardKeys(keyPrefix);
  const players = syntheticPlayers(count, seed);
  let inFlight: Promise<void>[] = [];
  for (let written = 0; written < count; written += batch) {
    const totals: (string | number)[] = [];
    const gameCounts: (string | number)[] = [];
    const ranking: (string | number)[] = [];
    for (let i = 0; i < batch; i++) {
      const next = players.next();
      if (next.done) break;
      const { username, totalScore, games } = next.value;
      totals.push(username, totalScore);
      gameCounts.push(username, games);
      ranking.push(rankingScore(totalScore, games), username);
    }
    inFlight.push(
      redis
        .pipeline()
        .hset(keys.scoreTotals, ...totals)
        .hset(keys.gameCounts, ...gameCounts)
        .zadd(keys.ranking, ...ranking)
        .exec()
        .then(throwFirstError),
    );
    if (inFlight.length === PIPELINES_IN_FLIGHT) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
}

function throwFirstError(results: [error: Error | null, result: unknown][] | null): void {
  const failure = results?.find(([error]) => error !== null)?.[0];
  if (failure) throw failure;
}
