// games-db under load. Replication lag: steady writes to the primary; after each commit a
// read on every node waits for that TXID, so its latency is how long the node took to
// have the write (the primary's figure is the round trip alone, the baseline). Read
// spreading: the same read load through a client that spreads reads over all nodes and
// through one that knows only the primary.
import { setTimeout as sleep } from "node:timers/promises";
import { createGamesDbClient } from "../../lib/games-db/client";
import { percentile, printTable } from "./measure";

interface Node {
  name: string;
  url: string;
}

export async function benchReplicationLag(nodes: Node[], seconds: number, writesPerSecond = 50) {
  const primary = nodes[0];
  if (!primary) throw new Error("no primary");
  const writer = createGamesDbClient({ nodes: [primary.url] });
  await writer.exec([
    {
      sql: "CREATE TABLE IF NOT EXISTS bench_writes (id INTEGER PRIMARY KEY, at TEXT, payload TEXT)",
    },
  ]);
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
        waitForTxid(node.url, txid).then(() => {
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

async function waitForTxid(url: string, txid: number): Promise<void> {
  const response = await fetch(`${url}/query`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ sql: "SELECT 1 AS ok", minTxid: txid, waitMs: 5000 }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} did not reach TXID ${txid}`);
}

export async function benchReadSpreading(nodes: Node[], seconds: number, concurrency = 32) {
  const primary = nodes[0];
  if (!primary) throw new Error("no primary");
  const seed = createGamesDbClient({ nodes: [primary.url] });
  await seed.exec([
    { sql: "CREATE TABLE IF NOT EXISTS bench_reads (id INTEGER PRIMARY KEY, body TEXT)" },
    ...Array.from({ length: 100 }, (_, i) => ({
      sql: "INSERT OR REPLACE INTO bench_reads (id, body) VALUES (?, ?)",
      params: [i, "y".repeat(500)],
    })),
  ]);
  await sleep(500); // let the replicas apply the seed rows

  const runs = [
    { label: "primary only (baseline)", client: createGamesDbClient({ nodes: [primary.url] }) },
    {
      label: `spread over ${nodes.length} nodes`,
      client: createGamesDbClient({ nodes: nodes.map((node) => node.url) }),
    },
  ];
  const rows: (string | number)[][] = [];
  for (const { label, client } of runs) {
    const perNode = new Map<string, number>();
    const latencies: number[] = [];
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        for (let i = worker; performance.now() < deadline; i += concurrency) {
          const began = performance.now();
          const result = await client.query("SELECT * FROM bench_reads WHERE id = ?", [i % 100]);
          latencies.push(performance.now() - began);
          perNode.set(result.node, (perNode.get(result.node) ?? 0) + 1);
        }
      }),
    );
    const share = nodes
      .map(
        (node) =>
          `${node.name} ${Math.round(((perNode.get(node.url) ?? 0) / latencies.length) * 100)}%`,
      )
      .join(", ");
    rows.push([
      label,
      Math.round(latencies.length / seconds),
      percentile(latencies, 50).toFixed(2),
      percentile(latencies, 99).toFixed(2),
      share,
    ]);
  }
  printTable(
    `games-db reads, ${concurrency} concurrent for ${seconds} s each (one SELECT by primary key)`,
    ["client", "reads/s", "p50 ms", "p99 ms", "served by"],
    rows,
  );
}
