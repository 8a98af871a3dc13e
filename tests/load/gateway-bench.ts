// What each gateway layer costs: an authenticated GET /users/me (authorizer with its
// credentials cache, then a DynamoDB read) beside the public GET /health, which touches
// no store, through the same gateway in the same run.
import { basicAuthorization } from "../support/gateway";
import { loadTest, printTable } from "./measure";

export async function benchGateway(gatewayUrl: string, seconds: number): Promise<void> {
  const user = { username: "bench_user", email: "bench@example.com", password: "bench password" };
  const registered = await fetch(`${gatewayUrl}/users`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(user),
  });
  if (![201, 409].includes(registered.status)) throw new Error(`register: ${registered.status}`);

  const routes: { label: string; path: string; headers: Record<string, string> }[] = [
    { label: "GET /health (public, baseline)", path: "/health", headers: {} },
    {
      label: "GET /users/me (authorizer + DynamoDB)",
      path: "/users/me",
      headers: { Authorization: basicAuthorization(user) },
    },
  ];
  const results = [];
  for (const route of routes) {
    // Warm up: bundles loaded, connections open, credentials cached.
    await loadTest({ ...route, url: gatewayUrl + route.path, connections: 10, seconds: 2 });
    results.push(
      await loadTest({ ...route, url: gatewayUrl + route.path, connections: 100, seconds }),
    );
  }
  printTable(
    `Gateway, 100 connections, ${seconds} s each`,
    ["route", "req/s", "p50 ms", "p99 ms", "failed"],
    results.map((r) => [r.label, r.requestsPerSecond, r.p50Ms, r.p99Ms, r.failures]),
  );
}
