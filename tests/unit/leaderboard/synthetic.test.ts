import { describe, expect, it } from "vitest";
import { syntheticPlayers } from "../../../lib/leaderboard/synthetic";

describe("syntheticPlayers", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    expect([...syntheticPlayers(100, 42)]).toEqual([...syntheticPlayers(100, 42)]);
    expect([...syntheticPlayers(100, 42)]).not.toEqual([...syntheticPlayers(100, 43)]);
  });

  it("yields distinct valid usernames with possible totals", () => {
    const players = [...syntheticPlayers(5_000, 1)];
    expect(new Set(players.map((player) => player.username)).size).toBe(5_000);
    for (const { username, totalScore, games } of players) {
      expect(username).toMatch(/^[a-z0-9_]{3,32}$/);
      expect(Number.isInteger(games) && games >= 1 && games <= 200).toBe(true);
      expect(Number.isInteger(totalScore) && totalScore >= 0 && totalScore <= 6 * games).toBe(true);
    }
  });
});
