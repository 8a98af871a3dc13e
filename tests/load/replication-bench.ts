// games-db under load. Replication lag: steady writes to the primary; after each commit a
// read on every node waits for that TXID, so its latency is how long the node took to
// have the write (the primary's figure is the round trip alone, the baseline). Read
// spreading: the same read load through a client that spreads reads over all nodes and
// through one that knows only the primary. Reader processes: a read that needs CPU on a node
// with one reader process (the baseline: one core, as when reads ran on the node's own
// thread) and on a node with one reader per core, with the CPU time the node used.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { authorizationHeaders } from "../../games-db/protocol/auth";
import { createGamesDbClient, type GamesDbClient } from "../../lib/games-db/client";
import { readStatus, spawnNode, stopSpawned, TEST_SECRET } from "../games-db/harness";
import { freePort } from "../support/free-port";
import type { TestStack } from "../support/test-stack";
import { percentile, printTable } from "./measure";

interface Node {
  name: string;
  url: string;
}

/** The stack's games-db nodes (primary first) and their secret. */
function gamesDbOf(stack: TestStack): { nodes: Node[]; secret: string } {
  const secret = stack.functionEnv.AGORA_GAMES_DB_SECRET;
  if (secret === undefined) throw new Error("the stack has no games-db secret");
  return { nodes: stack.gamesDb, secret };
}

export async function benchReplicationLag(stack: TestStack, seconds: number, writesPerSecond = 50) {
  const { nodes, secret } = gamesDbOf(stack);
  const primary = nodes[0];
  if (!primary) throw new Error("no primary");
  const writer = createGamesDbClient({ nodes: [primary.url], secret });
  await writer.migrate({
    id: "bench/writes",
    statements: [
      { sql: "CREATE TABLE bench_writes (id INTEGER PRIMARY KEY, at TEXT, payload TEXT)" },
    ],
  });
  const lags = new Map<string, number[]>(nodes.map((node) => [node.name, []]));
  const pending: Promise<void>[] = [];
  const interval = 1000 / writesPerSecond;
  const started = performance.now();
  for (let i = 0; performance.now() - started < seconds * 1000; i++) {
    const { txid } = await writer.exec([
      {
        sql: "INSERT INTO bench_writes (at, payload) VALUES (datetime('now'), ?)",
        params: ["x".repeat(200)],
      },
    ]);
    const committed = performance.now();
    for (const node of nodes) {
      pending.push(
        waitForTxid(node.url, secret, txid).then(() => {
          lags.get(node.name)?.push(performance.now() - committed);
        }),
      );
    }
    const next = started + (i + 1) * interval;
    await sleep(Math.max(0, next - performance.now()));
  }
  await Promise.all(pending);
  printTable(
    `Replication lag, ${writesPerSecond} writes/s for ${seconds} s (ms from commit until the node has it)`,
    ["node", "writes", "p50 ms", "p99 ms", "max ms"],
    nodes.map((node) => {
      const samples = lags.get(node.name) ?? [];
      return [
        node.name === primary.name ? `${node.name} (baseline: round trip only)` : node.name,
        samples.length,
        percentile(samples, 50).toFixed(1),
        percentile(samples, 99).toFixed(1),
        Math.max(...samples).toFixed(1),
      ];
    }),
  );
}

async function waitForTxid(url: string, secret: string, txid: number): Promise<void> {
  const response = await fetch(`${url}/query`, {
    method: "POST",
    headers: { ...authorizationHeaders(secret), "Content-Type": "application/json" },
    body: JSON.stringify({ sql: "SELECT 1 AS ok", minTxid: txid, waitMs: 5000 }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} did not reach TXID ${txid}`);
}

export async function benchReadSpreading(stack: TestStack, seconds: number, concurrency = 32) {
  const { nodes, secret } = gamesDbOf(stack);
  const primary = nodes[0];
  if (!primary) throw new Error("no primary");
  const seed = createGamesDbClient({ nodes: [primary.url], secret });
  await seed.migrate({
    id: "bench/reads",
    statements: [{ sql: "CREATE TABLE bench_reads (id INTEGER PRIMARY KEY, body TEXT)" }],
  });
  await seed.exec(
    Array.from({ length: 100 }, (_, i) => ({
      sql: "INSERT OR REPLACE INTO bench_reads (id, body) VALUES (?, ?)",
      params: [i, "y".repeat(500)],
    })),
  );
  await sleep(500); // let the replicas apply the seed rows

  const runs = [
    {
      label: "primary only (baseline)",
      client: createGamesDbClient({ nodes: [primary.url], secret }),
    },
    {
      label: `spread over ${nodes.length} nodes`,
      client: createGamesDbClient({ nodes: nodes.map((node) => node.url), secret }),
    },
  ];
  const rows: (string | number)[][] = [];
  for (const { label, client } of runs) {
    const perNode = new Map<string, number>();
    const latencies = await readLoad(client, seconds, concurrency, (i) => ({
      sql: "SELECT * FROM bench_reads WHERE id = ?",
      params: [i % 100],
      served: (node) => perNode.set(node, (perNode.get(node) ?? 0) + 1),
    }));
    const share = nodes
      .map(
        (node) =>
          `${node.name} ${Math.round(((perNode.get(node.url) ?? 0) / latencies.length) * 100)}%`,
      )
      .join(", ");
    rows.push([label, ...figures(latencies, seconds, 2), share]);
  }
  printTable(
    `games-db reads, ${concurrency} concurrent for ${seconds} s each (one SELECT by primary key)`,
    ["client", "reads/s", "p50 ms", "p99 ms", "served by"],
    rows,
  );
  await benchReaderProcesses(seconds);
}

const HEAVY_ROWS = 50_000;
const HEAVY_READ =
  "SELECT count(*) AS n, sum(length(body)) AS bytes FROM bench_heavy WHERE body LIKE '%' || ? || '%'";

/**
 * The same CPU-bound read load on a node of its own (a process, in a temporary directory) with
 * one reader process, then with one reader per core. Reads run in reader processes, so a node
 * uses as many cores as it has readers: its CPU time (node and readers, Linux only) shows it.
 */
async function benchReaderProcesses(seconds: number, concurrency = 8) {
  const counts = [...new Set([1, Math.max(2, availableParallelism())])];
  const rows: (string | number)[][] = [];
  for (const readers of counts) {
    const dir = mkdtempSync(join(tmpdir(), "games-db-bench-readers-"));
    const node = await spawnNode(await freePort(), [
      ...["--name", `readers-${readers}`, "--dir", dir, "--readers", String(readers)],
    ]);
    try {
      const client = createGamesDbClient({ nodes: [node.url], secret: TEST_SECRET });
      await client.migrate({
        id: "bench/heavy",
        statements: [{ sql: "CREATE TABLE bench_heavy (id INTEGER PRIMARY KEY, body TEXT)" }],
      });
      await client.exec([
        {
          sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${HEAVY_ROWS})
                INSERT INTO bench_heavy (body) SELECT hex(randomblob(100)) FROM n`,
        },
      ]);
      const { pid, executors = [] } = await readStatus(node.url);
      const pids = [pid ?? node.child.pid ?? 0, ...executors.map((executor) => executor.pid)];
      const cpuBefore = cpuSeconds(pids);
      const latencies = await readLoad(client, seconds, concurrency, (i) => ({
        sql: HEAVY_READ,
        params: [(i % 256).toString(16).toUpperCase().padStart(2, "0")],
      }));
      const cpuAfter = cpuSeconds(pids);
      const cpu =
        cpuBefore === undefined || cpuAfter === undefined
          ? "n/a"
          : `${Math.round(((cpuAfter - cpuBefore) / seconds) * 100)}%`;
      const label = readers === 1 ? "1 reader (baseline: one core)" : `${readers} readers`;
      rows.push([label, ...figures(latencies, seconds, 1), cpu]);
    } finally {
      await stopSpawned(node, "SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    }
  }
  printTable(
    `games-db reader processes, ${concurrency} concurrent reads for ${seconds} s each on one node ` +
      `(a scan of ${HEAVY_ROWS.toLocaleString("en")} rows, ${availableParallelism()} cores)`,
    ["node", "reads/s", "p50 ms", "p99 ms", "node CPU (100% = one core)"],
    rows,
  );
}

/** CPU seconds the processes have used, from /proc (undefined where there is none). */
function cpuSeconds(pids: number[]): number | undefined {
  try {
    const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
    const ticks = pids.map((pid) => {
      // Fields after the command name (which may hold spaces): utime and stime are 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return Number(fields[11]) + Number(fields[12]);
    });
    return ticks.reduce((sum, t) => sum + t, 0) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Runs `concurrency` loops of reads for `seconds`; returns every read's latency in ms. */
async function readLoad(
  client: GamesDbClient,
  seconds: number,
  concurrency: number,
  read: (i: number) => {
    sql: string;
    params: (string | number)[];
    served?: (node: string) => void;
  },
): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; performance.now() < deadline; i += concurrency) {
        const { sql, params, served } = read(i);
        const began = performance.now();
        const result = await client.query(sql, params);
        latencies.push(performance.now() - began);
        served?.(result.node);
      }
    }),
  );
  return latencies;
}

function figures(latencies: number[], seconds: number, digits: number): (string | number)[] {
  return [
    Math.round(latencies.length / seconds),
    percentile(latencies, 50).toFixed(digits),
    percentile(latencies, 99).toFixed(digits),
  ];
}
