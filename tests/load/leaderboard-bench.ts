// The leaderboard's top 10 through the gateway with a nearly empty board (baseline),
// then with 1,000,000 players loaded into the same Redis, in the same run.
import { Redis } from "ioredis";
import { leaderboardKeys } from "../../lib/leaderboard/keys";
import { loadSyntheticPlayers } from "../../lib/leaderboard/synthetic";
import type { RunningStack } from "../../local/stack";
import { loadTest, printTable } from "./measure";

export async function benchLeaderboard(
  gatewayUrl: string,
  { redisUrl, redisPassword }: Pick<RunningStack, "redisUrl" | "redisPassword">,
  seconds: number,
  players = 1_000_000,
) {
  const url = `${gatewayUrl}/leaderboard`;
  const measure = (label: string) =>
    loadTest({ label, url, connections: 50, seconds }).then((result) => ({
      ...result,
      label,
    }));

  await loadTest({ label: "warm-up", url, connections: 10, seconds: 2 });
  const baseline = await measure("GET /leaderboard, empty board (baseline)");

  const redis = new Redis(redisUrl, { password: redisPassword });
  try {
    const began = performance.now();
    await loadSyntheticPlayers(redis, players);
    const loadSeconds = ((performance.now() - began) / 1000).toFixed(1);
    const memory = /used_memory_human:(\S+)/.exec(await redis.info("memory"))?.[1] ?? "?";
    console.log(
      `\nloaded ${players.toLocaleString("en")} players in ${loadSeconds} s; Redis uses ${memory}`,
    );

    const direct: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t0 = performance.now();
      await redis.zrange(leaderboardKeys().ranking, 0, 9, "WITHSCORES");
      direct.push(performance.now() - t0);
    }
    direct.sort((a, b) => a - b);
    const loaded = await measure(`GET /leaderboard, ${players.toLocaleString("en")} players`);
    printTable(
      `Leaderboard top 10, 50 connections, ${seconds} s each`,
      ["measure", "req/s", "p50 ms", "p99 ms", "failed"],
      [
        ...[baseline, loaded].map((r) => [
          r.label,
          r.requestsPerSecond,
          r.p50Ms,
          r.p99Ms,
          r.failures,
        ]),
        [
          "ZRANGE 0 9 straight to Redis, 1M players",
          "-",
          (direct[1000] ?? 0).toFixed(2),
          (direct[1980] ?? 0).toFixed(2),
          0,
        ],
      ],
    );
  } finally {
    redis.disconnect();
  }
}
