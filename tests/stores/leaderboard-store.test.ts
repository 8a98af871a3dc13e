import { describe, expect, it } from "vitest";
import { InvalidResult } from "../../lib/leaderboard/errors";
import {
  averageMicros,
  compareStandings,
  displayedAverage,
  type PlayerTotals,
} from "../../lib/leaderboard/ranking";
import { createRedisLeaderboardStore } from "../../lib/leaderboard/redis-store";
import { scoreOf } from "../../lib/leaderboard/scoring";
import type { LeaderboardEntry } from "../../lib/leaderboard/store";
import { loadSyntheticPlayers, syntheticPlayers } from "../../lib/leaderboard/synthetic";
import { useFlushedRedisServer } from "../support/redis-server";

const redisServer = useFlushedRedisServer({ maxRetriesPerRequest: 1 });

/** The leaderboard a correct store must show for these totals. */
function expectedTop(players: PlayerTotals[], n: number): LeaderboardEntry[] {
  return [...players]
    .sort(compareStandings)
    .slice(0, n)
    .map(({ username, totalScore, games }, i) => ({
      rank: i + 1,
      username,
      averageScore: displayedAverage(averageMicros(totalScore, games)),
      games,
    }));
}

/** A seeded PRNG (LCG) so a failing randomized case can be replayed. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe("recordResult", () => {
  it("keeps a running average per user", async () => {
    const store = createRedisLeaderboardStore(redisServer.redis);
    expect(
      await store.recordResult({ gameId: "g1", username: "alice", won: true, guesses: 3 }),
    ).toEqual({ recorded: true, username: "alice", averageScore: 4, games: 1 });
    expect(
      await store.recordResult({ gameId: "g2", username: "alice", won: false, guesses: 6 }),
    ).toEqual({ recorded: true, username: "alice", averageScore: 2, games: 2 });
    expect(
      await store.recordResult({ gameId: "g3", username: "alice", won: true, guesses: 1 }),
    ).toEqual({ recorded: true, username: "alice", averageScore: 3.333, games: 3 });
    expect(await store.top()).toEqual([
      { rank: 1, username: "alice", averageScore: 3.333, games: 3 },
    ]);
  });

  it("counts a game id once however often it is reported", async () => {
    const store = createRedisLeaderboardStore(redisServer.redis);
    const result = { gameId: "g1", username: "bob", won: true, guesses: 2 };
    await store.recordResult(result);
    expect(await store.recordResult(result)).toEqual({
      recorded: false,
      username: "bob",
      averageScore: 5,
      games: 1,
    });
    expect((await store.recordResult({ ...result, username: "eve" })).recorded).toBe(false);
    expect(await store.top()).toEqual([{ rank: 1, username: "bob", averageScore: 5, games: 1 }]);
  });

  it("counts a game once when duplicate reports race", async () => {
    const store = createRedisLeaderboardStore(redisServer.redis);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        store.recordResult({ gameId: "g1", username: "carol", won: true, guesses: 4 }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.recorded)).toHaveLength(1);
    expect(await store.top()).toEqual([{ rank: 1, username: "carol", averageScore: 3, games: 1 }]);
  });

  it("rejects an impossible result without counting its game id", async () => {
    const store = createRedisLeaderboardStore(redisServer.redis);
    await expect(
      store.recordResult({ gameId: "g1", username: "dan", won: false, guesses: 3 }),
    ).rejects.toThrow(InvalidResult);
    expect(await store.top()).toEqual([]);
    const outcome = await store.recordResult({
      gameId: "g1",
      username: "dan",
      won: true,
      guesses: 6,
    });
    expect(outcome.recorded).toBe(true);
  });

  it("still works after Redis drops its script cache", async () => {
    const store = createRedisLeaderboardStore(redisServer.redis);
    await store.recordResult({ gameId: "g1", username: "erin", won: true, guesses: 1 });
    await redisServer.redis.script("FLUSH");
    const outcome = await store.recordResult({
      gameId: "g2",
      username: "erin",
      won: true,
      guesses: 3,
    });
    expect(outcome).toEqual({ recorded: true, username: "erin", averageScore: 5, games: 2 });
  });

  it("keeps stores with different key prefixes apart", async () => {
    const daily = createRedisLeaderboardStore(redisServer.redis, { keyPrefix: "daily:" });
    const overall = createRedisLeaderboardStore(redisServer.redis);
    await daily.recordResult({ gameId: "g1", username: "fay", won: true, guesses: 1 });
    expect(await overall.top()).toEqual([]);
    expect(
      (await overall.recordResult({ gameId: "g1", username: "fay", won: true, guesses: 1 }))
        .recorded,
    ).toBe(true);
    expect(await redisServer.redis.keys("*")).toHaveLength(8);
  });
});

describe("top", () => {
  it("orders equal averages by more games, then by username", async () => {
    const store = createRedisLeaderboardStore(redisServer.redis);
    const wins = (username: string, guesses: number[]) =>
      guesses.map((g, i) => ({ gameId: `${username}-${i}`, username, won: true, guesses: g }));
    for (const result of [
      ...wins("zoe", [3]), // average 4, 1 game
      ...wins("bob", [2, 4]), // average 4, 2 games
      ...wins("amy", [1, 5]), // average 4, 2 games
      ...wins("max", [3, 3, 3]), // average 4, 3 games
      ...wins("ann", [1]), // average 6, 1 game
      ...wins("kim", [2, 3]), // average 4.5, 2 games
    ]) {
      await store.recordResult(result);
    }
    const top = await store.top();
    expect(top.map((entry) => entry.username)).toEqual(["ann", "kim", "max", "amy", "bob", "zoe"]);
    expect(top.map((entry) => entry.rank)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("matches the pure comparator on random results", async () => {
    const store = createRedisLeaderboardStore(redisServer.redis);
    const random = lcg(20_240_611);
    const totals = new Map<string, PlayerTotals>();
    for (let game = 0; game < 2_000; game++) {
      const username = `user_${Math.floor(random() * 150)}`;
      const guesses = 1 + Math.floor(random() * 6);
      // Few distinct outcomes, so averages and game counts tie often.
      const won = guesses < 6 || random() < 0.5;
      await store.recordResult({ gameId: `game-${game}`, username, won, guesses });
      const player = totals.get(username) ?? { username, totalScore: 0, games: 0 };
      totals.set(username, {
        username,
        totalScore: player.totalScore + scoreOf({ won, guesses }),
        games: player.games + 1,
      });
    }
    const players = [...totals.values()];
    expect(await store.top()).toEqual(expectedTop(players, 10));
    expect(await store.top(players.length + 5)).toEqual(expectedTop(players, players.length));
  });

  it("returns the first n, or everyone when there are fewer", async () => {
    const store = createRedisLeaderboardStore(redisServer.redis);
    expect(await store.top()).toEqual([]);
    for (let i = 0; i < 12; i++) {
      await store.recordResult({
        gameId: `g${i}`,
        username: `p${i}`,
        won: true,
        guesses: 1 + (i % 6),
      });
    }
    expect(await store.top()).toHaveLength(10);
    expect(await store.top(3)).toHaveLength(3);
    expect(await store.top(0)).toEqual([]);
    await expect(store.top(-1)).rejects.toThrow(RangeError);
  });
});

describe("loadSyntheticPlayers", () => {
  it("fills the keys the store ranks and updates", async () => {
    const players = [...syntheticPlayers(5_000, 3)];
    await loadSyntheticPlayers(redisServer.redis, players.length, { batch: 1_000, seed: 3 });
    const store = createRedisLeaderboardStore(redisServer.redis);
    expect(await redisServer.redis.zcard("leaderboard:ranking")).toBe(players.length);
    expect(await store.top()).toEqual(expectedTop(players, 10));

    const [first] = players;
    if (first === undefined) throw new Error("no synthetic players");
    const outcome = await store.recordResult({
      gameId: "g1",
      username: first.username,
      won: true,
      guesses: 1,
    });
    const updated = { ...first, totalScore: first.totalScore + 6, games: first.games + 1 };
    expect(outcome.games).toBe(updated.games);
    expect(await store.top()).toEqual(expectedTop([updated, ...players.slice(1)], 10));
  });
});
