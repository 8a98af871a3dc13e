import { describe, expect, it } from "vitest";
import {
  averageMicros,
  compareStandings,
  decodeRankingScore,
  displayedAverage,
  MAX_RANKED_GAMES,
  type PlayerTotals,
  rankingScore,
} from "../../../lib/leaderboard/ranking";
import { syntheticPlayers } from "../../../lib/leaderboard/synthetic";

function names(players: PlayerTotals[]): string[] {
  return players.map((player) => player.username);
}

describe("compareStandings", () => {
  it("puts the higher average first", () => {
    const players = [
      { username: "a", totalScore: 3, games: 1 },
      { username: "b", totalScore: 10, games: 2 },
      { username: "c", totalScore: 0, games: 9 },
    ];
    expect(names(players.sort(compareStandings))).toEqual(["b", "a", "c"]);
  });

  it("breaks an equal average by more games, then by username", () => {
    const players = [
      { username: "zed", totalScore: 4, games: 1 },
      { username: "bob", totalScore: 8, games: 2 },
      { username: "amy", totalScore: 8, games: 2 },
      { username: "cat", totalScore: 12, games: 3 },
      { username: "top", totalScore: 5, games: 1 },
    ];
    expect(names(players.sort(compareStandings))).toEqual(["top", "cat", "amy", "bob", "zed"]);
  });

  it("orders usernames by bytes like Redis does", () => {
    const players = ["b", "a_b", "a1", "ab", "a"].map((username) => ({
      username,
      totalScore: 6,
      games: 2,
    }));
    expect(names(players.sort(compareStandings))).toEqual(["a", "a1", "a_b", "ab", "b"]);
  });
});

describe("averageMicros", () => {
  it.each([
    { totalScore: 6, games: 1, micros: 6_000_000 },
    { totalScore: 0, games: 5, micros: 0 },
    { totalScore: 2, games: 3, micros: 666_667 },
    { totalScore: 1, games: 3, micros: 333_333 },
    { totalScore: 1, games: 2_000_000, micros: 1 },
    { totalScore: 1, games: 3_000_000, micros: 0 },
  ])("is $micros for $totalScore points over $games games", ({ totalScore, games, micros }) => {
    expect(averageMicros(totalScore, games)).toBe(micros);
  });
});

describe("rankingScore", () => {
  it("round-trips the average and the game count", () => {
    for (const [totalScore, games] of [
      [6, 1],
      [0, 1],
      [17, 5],
      [3_000_000_000, 500_000_000],
    ] as const) {
      const score = rankingScore(totalScore, games);
      expect(Number.isSafeInteger(score)).toBe(true);
      expect(decodeRankingScore(score)).toEqual({
        averageMicros: averageMicros(totalScore, games),
        games,
      });
    }
  });

  it("stays an exact integer at the largest average and game count", () => {
    const score = rankingScore(6 * MAX_RANKED_GAMES, MAX_RANKED_GAMES);
    expect(score).toBe(-6_000_000_999_999_999);
    expect(Number.isSafeInteger(score)).toBe(true);
    expect(decodeRankingScore(rankingScore(0, MAX_RANKED_GAMES + 5)).games).toBe(MAX_RANKED_GAMES);
  });

  it("sorts ascending, ties by username, exactly as compareStandings", () => {
    const players = [...syntheticPlayers(20_000, 7)].map((player, i) =>
      // A third average exactly 3, so many players tie on average and on games.
      i % 3 === 0 ? { ...player, totalScore: player.games * 3 } : player,
    );
    const byComparator = [...players].sort(compareStandings);
    const byScore = [...players].sort(
      (a, b) =>
        rankingScore(a.totalScore, a.games) - rankingScore(b.totalScore, b.games) ||
        (a.username < b.username ? -1 : 1),
    );
    expect(names(byScore)).toEqual(names(byComparator));
  });
});

describe("displayedAverage", () => {
  it.each([
    { micros: 6_000_000, average: 6 },
    { micros: 3_333_333, average: 3.333 },
    { micros: 666_667, average: 0.667 },
    { micros: 2_000_500, average: 2.001 },
    { micros: 0, average: 0 },
  ])("shows $micros as $average", ({ micros, average }) => {
    expect(displayedAverage(micros)).toBe(average);
  });
});
