// The executor pool on real executor processes: readers replaced around a database file swap read
// the new file; a caller waits for a free executor only so long; an idle spare takes over at once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../games-db/server/database";
import {
  ExecutorPool,
  NoExecutorFree,
  StatementTimedOut,
} from "../../games-db/server/executor-pool";
import { createSnapshot, replaceDatabaseFile } from "../../games-db/server/snapshot";

const RUNAWAY =
  "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) AS n FROM c";

let dir: string;
let file: string;
/** The node's own connection, which keeps the file open as a node does. */
let db: Database.Database;
let pool: ExecutorPool | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "games-db-pool-"));
  file = join(dir, "games.db");
  db = openDatabase(file, "replica");
  db.exec("CREATE TABLE t (v); INSERT INTO t VALUES ('old')");
});

afterEach(async () => {
  await pool?.close();
  pool = undefined;
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startReaders(size: number, concurrency?: number): Promise<ExecutorPool> {
  pool = new ExecutorPool({
    size,
    concurrency,
    settings: { kind: "reader", file },
    log: () => undefined,
  });
  await pool.start();
  return pool;
}

/** Runs a query on a reader; resolves with its rows and the reader's pid. */
async function read(readers: ExecutorPool, sql: string, limitMs = 10_000) {
  return readers.use(
    async (reader) => {
      const answer = await reader.request({ type: "query", sql }, limitMs);
      return { rows: JSON.parse(answer).rows as unknown[], pid: reader.pid };
    },
    { waitMs: 10_000 },
  );
}

describe("an executor pool", () => {
  it("replaces every reader around a file swap, so that none reads the replaced file", async () => {
    const readers = await startReaders(2);
    const before = await Promise.all([
      read(readers, "SELECT v FROM t"),
      read(readers, "SELECT v FROM t"),
    ]);
    expect(before.map((r) => r.rows)).toEqual([[{ v: "old" }], [{ v: "old" }]]);

    const source = openDatabase(":memory:", "primary");
    source.exec("CREATE TABLE t (v); INSERT INTO t VALUES ('new')");
    const { data } = createSnapshot(source);
    source.close();
    await readers.replaceAll(() => {
      db.close();
      replaceDatabaseFile(file, data);
      db = openDatabase(file, "replica");
    });

    const after = await Promise.all([
      read(readers, "SELECT v FROM t"),
      read(readers, "SELECT v FROM t"),
    ]);
    expect(after.map((r) => r.rows)).toEqual([[{ v: "new" }], [{ v: "new" }]]);
    const pids = new Set(before.map((r) => r.pid));
    expect(after.some((r) => pids.has(r.pid))).toBe(false);
  });

  it("lets a caller wait for a free executor only so long", async () => {
    const readers = await startReaders(1);
    const runaway = read(readers, RUNAWAY, 60_000).catch((error: unknown) => error);
    const waiting = readers.use(async () => "served", { waitMs: 200 });
    await expect(waiting).rejects.toBeInstanceOf(NoExecutorFree);
    await readers.close();
    await runaway;
  });

  it("has an idle spare take over at once from an executor killed for its limit", async () => {
    const readers = await startReaders(2, 1);
    const started = new Set(readers.describe().map((executor) => executor.pid));
    await expect(read(readers, RUNAWAY, 300)).rejects.toBeInstanceOf(StatementTimedOut);
    const next = await read(readers, "SELECT v FROM t");
    expect(next.rows).toEqual([{ v: "old" }]);
    expect(started.has(next.pid)).toBe(true);
  });
});
