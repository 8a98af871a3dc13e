// Shared measurement helpers for the benchmarks: autocannon runs through the gateway
// and percentile summaries of latency samples.
import autocannon from "autocannon";

export interface LoadResult {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

/** Drives `path` with `connections` concurrent keep-alive connections for `seconds`. */
export async function loadTest(options: {
  label: string;
  url: string;
  headers?: Record<string, string>;
  method?: "GET" | "PUT" | "POST";
  body?: string;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    headers: options.headers,
    // autocannon refuses an explicit `method: undefined`.
    ...(options.method ? { method: options.method } : {}),
    ...(options.body === undefined ? {} : { body: options.body }),
    connections: options.connections,
    duration: options.seconds,
  });
  return {
    label: options.label,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** Registers a benchmark's user (or finds it registered); returns its Authorization header. */
export async function registerBenchUser(
  gatewayUrl: string,
  user: { username: string; email: string; password: string },
): Promise<Record<string, string>> {
  const registered = await fetch(`${gatewayUrl}/users`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(user),
  });
  if (![201, 409].includes(registered.status)) throw new Error(`register: ${registered.status}`);
  const credentials = Buffer.from(`${user.username}:${user.password}`).toString("base64");
  return { Authorization: `Basic ${credentials}` };
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of cells.slice(1)) console.log(line(row));
}
