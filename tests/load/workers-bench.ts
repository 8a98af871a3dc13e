// What the parallel gateway workers and the emulated authorizer result cache buy: an
// authenticated GET /users/me at 100 connections through the stack's gateway (its default
// workers, cache on) beside a gateway on the same stores as it was before issue 7: one
// serverless-offline process, no gateway cache (the authorizer's own credentials cache
// only), in the same run, in turns.
import { appendFileSync } from "node:fs";
import { startOffline } from "../../local/offline";
import { freePorts } from "../support/free-port";
import type { TestStack } from "../support/test-stack";
import { type LoadResult, loadTest, printTable, registerBenchUser } from "./measure";

const CONNECTIONS = 100;

export async function benchWorkers(
  stack: TestStack,
  seconds: number,
  workers: number,
): Promise<void> {
  const user = { username: "bench_workers", email: "workers@example.com", password: "bench pw 1" };
  const headers = await registerBenchUser(stack.gatewayUrl, user);

  const measure = async (label: string, gatewayUrl: string): Promise<LoadResult> => {
    const url = `${gatewayUrl}/users/me`;
    await loadTest({ label, url, headers, connections: 10, seconds: 2 }); // warm
    return loadTest({ label, url, headers, connections: CONNECTIONS, seconds });
  };

  // Both gateways stay up, and are measured in turns (A B A B), so that neither gains from
  // its place in the run on a machine whose load moves; each row is the better of its two.
  const [httpPort, lambdaPort] = await freePorts(2);
  if (!httpPort || !lambdaPort) throw new Error("no free ports");
  const single = await startOffline({
    handlerMode: "in-process",
    httpPort,
    lambdaPort,
    workers: 1,
    env: { ...stack.functionEnv, AGORA_EMULATE_AUTHORIZER_CACHE: "false" },
    log: (component, line) => appendFileSync(stack.logPath, `${component}-single | ${line}\n`),
  });
  const runs: LoadResult[] = [];
  try {
    for (let turn = 0; turn < 2; turn++) {
      runs.push(
        await measure("1 worker, no gateway cache (before)", `http://127.0.0.1:${httpPort}`),
      );
      runs.push(await measure(`${workers} workers, gateway cache on`, stack.gatewayUrl));
    }
  } finally {
    await single.process.stop();
  }
  const best = (label: string) =>
    runs
      .filter((run) => run.label === label)
      .reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  const baseline = best("1 worker, no gateway cache (before)");
  const today = best(`${workers} workers, gateway cache on`);

  printTable(
    `GET /users/me (authorizer + DynamoDB), ${CONNECTIONS} connections, ${seconds} s each`,
    ["gateway", "req/s", "p50 ms", "p99 ms", "failed", "× before"],
    [baseline, today].map((r) => [
      r.label,
      r.requestsPerSecond,
      r.p50Ms,
      r.p99Ms,
      r.failures,
      (r.requestsPerSecond / Math.max(1, baseline.requestsPerSecond)).toFixed(2),
    ]),
  );
}
