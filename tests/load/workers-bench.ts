// What the parallel gateway workers and the emulated authorizer result cache buy: an
// authenticated GET /users/me at 100 connections through three gateways on the same stores,
// in the same run, in turns:
// - as before issue 7: one serverless-offline process, no gateway cache (the authorizer's
//   own credentials cache only);
// - one process with the gateway cache, to tell the cache's share from the workers';
// - the stack's gateway: its default workers, cache on.
// Beside each, the cores the gateway's processes and DynamoDB Local kept busy: on a small
// machine, whether a worker more can help at all.
import { appendFileSync } from "node:fs";
import os from "node:os";
import type { ManagedProcess } from "../../local/process";
import { startGatewayOn } from "../support/extra-gateway";
import type { TestStack } from "../support/test-stack";
import { type LoadResult, loadTest, printTable, registerBenchUser } from "./measure";
import { coresBusyDuring } from "./process-cpu";

const CONNECTIONS = 100;
const BEFORE = "1 worker, no gateway cache (before)";

interface Gateway {
  label: string;
  url: string;
  pid: number;
}

export async function benchWorkers(
  stack: TestStack,
  seconds: number,
  workers: number,
): Promise<void> {
  const user = { username: "bench_workers", email: "workers@example.com", password: "bench pw 1" };
  const headers = await registerBenchUser(stack.gatewayUrl, user);
  const dynamodbPid = stack.components.find((c) => c.name === "DynamoDB")?.pid ?? 0;
  const stackGatewayPid = stack.components.find((c) => c.name === "API Gateway")?.pid ?? 0;

  const started: ManagedProcess[] = [];
  const singleWorker = async (label: string, env: NodeJS.ProcessEnv): Promise<Gateway> => {
    const gateway = await startGatewayOn(stack.functionEnv, {
      handlerMode: "in-process",
      env,
      log: (component, line) => appendFileSync(stack.logPath, `${component}-bench | ${line}\n`),
    });
    started.push(gateway.process);
    return { label, url: gateway.gatewayUrl, pid: gateway.process.pid };
  };

  const runs: (LoadResult & { gatewayCores: number; dynamodbCores: number })[] = [];
  try {
    const gateways = [
      await singleWorker(BEFORE, { AGORA_EMULATE_AUTHORIZER_CACHE: "false" }),
      await singleWorker("1 worker, gateway cache on", {}),
      {
        label: `${workers} workers, gateway cache on`,
        url: stack.gatewayUrl,
        pid: stackGatewayPid,
      },
    ];
    // All stay up and are measured in turns (A B C A B C), so that none gains from its place
    // in the run on a machine whose load moves; each row is the better of its two.
    for (let turn = 0; turn < 2; turn++) {
      for (const { label, url, pid } of gateways) {
        const target = `${url}/users/me`;
        await loadTest({ label, url: target, headers, connections: 10, seconds: 2 }); // warm
        const { result, cores } = await coresBusyDuring([pid, dynamodbPid], () =>
          loadTest({ label, url: target, headers, connections: CONNECTIONS, seconds }),
        );
        runs.push({ ...result, gatewayCores: cores[0] ?? 0, dynamodbCores: cores[1] ?? 0 });
      }
    }
  } finally {
    await Promise.all(started.map((gateway) => gateway.stop()));
  }
  const best = (label: string) =>
    runs
      .filter((run) => run.label === label)
      .reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  const rows = [...new Set(runs.map((run) => run.label))].map(best);
  const before = best(BEFORE);

  printTable(
    `GET /users/me (authorizer + DynamoDB), ${CONNECTIONS} connections, ${seconds} s each; cores busy of the machine's ${os.availableParallelism()}`,
    [
      "gateway",
      "req/s",
      "p50 ms",
      "p99 ms",
      "failed",
      "× before",
      "gateway cores",
      "DynamoDB cores",
    ],
    rows.map((r) => [
      r.label,
      r.requestsPerSecond,
      r.p50Ms,
      r.p99Ms,
      r.failures,
      (r.requestsPerSecond / Math.max(1, before.requestsPerSecond)).toFixed(2),
      r.gatewayCores.toFixed(2),
      r.dynamodbCores.toFixed(2),
    ]),
  );
}
