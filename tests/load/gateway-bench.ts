// What each gateway layer costs: an authenticated GET /users/me (authorizer with its
// credentials cache, then a DynamoDB read) beside the public GET /health, which touches
// no store, through the same gateway in the same run. The stack's gateway runs handlers
// in-process; a second gateway on the same stores runs them in serverless-offline's
// default worker threads, so the README's choice of handler mode is measured here too.
import { appendFileSync } from "node:fs";
import type { HandlerMode } from "../../local/offline";
import { startGatewayOn } from "../support/extra-gateway";
import type { TestStack } from "../support/test-stack";
import { loadTest, printTable, registerBenchUser } from "./measure";

const CONNECTIONS = 100;

export async function benchGateway(stack: TestStack, seconds: number): Promise<void> {
  const user = { username: "bench_user", email: "bench@example.com", password: "bench password" };
  const authorization = await registerBenchUser(stack.gatewayUrl, user);

  const routes: { label: string; path: string; headers: Record<string, string> }[] = [
    { label: "GET /health (public, baseline)", path: "/health", headers: {} },
    {
      label: "GET /users/me (authorizer + DynamoDB)",
      path: "/users/me",
      headers: authorization,
    },
  ];
  const measureGateway = async (mode: HandlerMode, gatewayUrl: string) => {
    const results = [];
    for (const route of routes) {
      const url = gatewayUrl + route.path;
      // Warm up: bundles loaded, connections open, credentials cached.
      await loadTest({ ...route, url, connections: 10, seconds: 2 });
      const result = await loadTest({ ...route, url, connections: CONNECTIONS, seconds });
      results.push({ ...result, label: `${route.label}, ${mode}` });
    }
    return results;
  };

  const results = await measureGateway("in-process", stack.gatewayUrl);
  const workers = await startGatewayOn(stack.functionEnv, {
    handlerMode: "worker-threads",
    log: (component, line) => appendFileSync(stack.logPath, `${component}-workers | ${line}\n`),
  });
  try {
    results.push(...(await measureGateway("worker-threads", workers.gatewayUrl)));
  } finally {
    await workers.process.stop();
  }

  printTable(
    `Gateway, ${CONNECTIONS} connections, ${seconds} s each`,
    ["route, handler mode", "req/s", "p50 ms", "p99 ms", "failed"],
    results.map((r) => [r.label, r.requestsPerSecond, r.p50Ms, r.p99Ms, r.failures]),
  );
}
