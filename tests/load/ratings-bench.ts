// The ratings store through the gateway: PUT/s, strong GET/s and weak GET/s beside GET /health
// (the gateway's own floor) in the same run; then how long a value takes to reach every shard,
// by traffic alone (weak reads of other keys, nothing scheduled) and by the scheduled
// anti-entropy alone (no traffic at all), watching the shards' Redis directly.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { RunningStack } from "../../local/stack";
import { loadTest, printTable } from "./measure";

const CONNECTIONS = 20;
const CONVERGENCE_TIMEOUT_MS = 180_000;

export async function benchRatings(
  stack: Pick<RunningStack, "gatewayUrl" | "redisPassword" | "ratingsShards">,
  seconds: number,
): Promise<void> {
  const { gatewayUrl } = stack;
  const key = `bench-${randomBytes(4).toString("hex")}`;
  const rating = `${gatewayUrl}/rating/${key}`;
  const json = { "Content-Type": "application/json" };
  const body = JSON.stringify({ rating: 4, clock: { bench: 1 } });

  await loadTest({ label: "warm-up", url: rating, connections: 5, seconds: 2 });
  const runs = [
    await loadTest({
      label: "GET /health (baseline)",
      url: `${gatewayUrl}/health`,
      connections: CONNECTIONS,
      seconds,
    }),
    await loadTest({
      label: "PUT /rating/{key}",
      url: rating,
      method: "PUT",
      headers: json,
      body,
      connections: CONNECTIONS,
      seconds,
    }),
    await loadTest({
      label: "GET /rating/{key} (strong)",
      url: rating,
      connections: CONNECTIONS,
      seconds,
    }),
    await loadTest({
      label: "GET /rating/{key}?consistency=weak",
      url: `${rating}?consistency=weak`,
      connections: CONNECTIONS,
      seconds,
    }),
  ];
  printTable(
    `Ratings through the gateway, ${CONNECTIONS} connections, ${seconds} s each, ${stack.ratingsShards.length} shards`,
    ["measure", "req/s", "p50 ms", "p99 ms", "failed"],
    runs.map((r) => [r.label, r.requestsPerSecond, r.p50Ms, r.p99Ms, r.failures]),
  );

  const shards = stack.ratingsShards.map(
    (shard) => new Redis(shard.url, { password: stack.redisPassword }),
  );
  try {
    const holdsEverywhere = async (target: string) => {
      const values = await Promise.all(shards.map((s) => s.hget(`/rating/${target}`, "clocks")));
      return values.every((clocks) => clocks?.includes('"conv":1'));
    };
    const converge = async (label: string, traffic: () => Promise<void>) => {
      const target = `conv-${randomBytes(4).toString("hex")}`;
      const began = performance.now();
      const put = await fetch(`${gatewayUrl}/rating/${target}`, {
        method: "PUT",
        headers: json,
        body: JSON.stringify({ rating: 5, clock: { conv: 1 } }),
      });
      if (put.status !== 200) throw new Error(`PUT answered ${put.status}`);
      let requests = 0;
      while (!(await holdsEverywhere(target))) {
        if (performance.now() - began > CONVERGENCE_TIMEOUT_MS)
          return [label, "not converged", requests];
        await traffic();
        requests++;
      }
      return [label, ((performance.now() - began) / 1000).toFixed(2), requests];
    };
    // Traffic: a write of a fresh key (on whichever shard is its primary) and a weak read.
    let trafficKeys = 0;
    const otherTraffic = async () => {
      await fetch(`${gatewayUrl}/rating/traffic-${trafficKeys++}`, {
        method: "PUT",
        headers: json,
        body: JSON.stringify({ rating: 1, clock: { traffic: 1 } }),
      });
      await fetch(`${gatewayUrl}/rating/traffic-0?consistency=weak`);
    };
    const idle = () => new Promise<void>((resolve) => setTimeout(resolve, 200));
    printTable(
      "Time for one write to reach every shard (digest length as configured)",
      ["how", "seconds", "traffic rounds or polls"],
      [
        await converge("traffic: a write of another key and a weak read, in turn", otherTraffic),
        await converge("no traffic: the scheduled ratings-drainGossip only", idle),
      ],
    );
  } finally {
    for (const shard of shards) shard.disconnect();
  }
}
