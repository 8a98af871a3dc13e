// A primary and two replicas on free ports in a temporary directory, driven over HTTP and
// through the client: replication, refusals, convergence, failover of reads, snapshots.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningNode, startNode } from "../../games-db/server/node";
import {
  createGamesDbClient,
  type GamesDbClient,
  type GamesDbMigrations,
  GamesDbSqlError,
  GamesDbUnavailable,
} from "../../lib/games-db/client";
import { freePort } from "../support/free-port";
import { eventually } from "../support/poll";
import {
  Cleanup,
  post,
  readStatus,
  type SpawnedNode,
  StallingProxy,
  spawnNode,
  stopSpawned,
  TEST_SECRET,
} from "./harness";

const HEARTBEAT_MS = 200;
const STALE_MS = 1000;
const RETAIN = 40;

const cleanup = new Cleanup();
let root: string;
let primary: RunningNode;
let replica1: RunningNode;
let replica2: SpawnedNode;
let replica2Port: number;
let proxy: StallingProxy;
let client: GamesDbClient & GamesDbMigrations;
const events: Record<string, unknown>[] = [];

const dirOf = (name: string) => join(root, name);
const timing = ["--heartbeat-ms", String(HEARTBEAT_MS), "--stale-ms", String(STALE_MS)];

function replica2Args(): string[] {
  return ["--name", "replica2", "--dir", dirOf("replica2"), "--primary-url", proxy.url, ...timing];
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "games-db-"));
  cleanup.add(() => rmSync(root, { recursive: true, force: true }));
  const log = (event: string, fields: Record<string, unknown> = {}) =>
    events.push({ event, ...fields });
  const common = { heartbeatMs: HEARTBEAT_MS, staleMs: STALE_MS, secret: TEST_SECRET, log };
  primary = await startNode({
    name: "primary",
    port: await freePort(),
    dir: dirOf("primary"),
    retain: RETAIN,
    ...common,
  });
  cleanup.add(() => primary.close());
  replica1 = await startNode({
    name: "replica1",
    port: await freePort(),
    dir: dirOf("replica1"),
    primaryUrl: primary.url,
    ...common,
  });
  cleanup.add(() => replica1.close());
  proxy = await StallingProxy.start(Number(new URL(primary.url).port));
  cleanup.add(() => proxy.close());
  replica2Port = await freePort();
  replica2 = await spawnNode(replica2Port, replica2Args());
  cleanup.add(() => stopSpawned(replica2, "SIGKILL"));
  client = createGamesDbClient({
    nodes: [replica1.url, replica2.url, primary.url],
    healthTtlMs: 100,
    secret: TEST_SECRET,
  });
  await client.migrate({
    id: "scores",
    statements: [
      {
        sql: "CREATE TABLE scores (id INTEGER PRIMARY KEY, player TEXT NOT NULL UNIQUE, points INTEGER)",
      },
    ],
  });
});

afterAll(() => cleanup.run());

const nodeUrls = () => [primary.url, replica1.url, replica2.url];

/** Waits until every given node has reached the primary's position; returns it. */
async function converged(urls = nodeUrls()): Promise<number> {
  const { txid } = await readStatus(primary.url);
  await eventually(`nodes at TXID ${txid}`, async () => {
    const statuses = await Promise.all(urls.map((url) => readStatus(url)));
    return statuses.every((s) => s.txid === txid) ? true : undefined;
  });
  return txid;
}

/** Every table's schema and rows, exactly as the node encodes them (storage classes included). */
async function dump(url: string): Promise<string> {
  const schema = await post(url, "/query", {
    sql: "SELECT type, name, sql FROM sqlite_schema WHERE substr(name, 1, 8) <> '_litefs_' ORDER BY name",
  });
  const rows = schema.body.rows as { type: string; name: string }[];
  const tables = [];
  for (const { name } of rows.filter((r) => r.type === "table")) {
    const data = await post(url, "/query", {
      sql: `SELECT rowid AS __rowid, * FROM "${name}" ORDER BY rowid`,
    });
    tables.push([name, data.body.rows]);
  }
  return JSON.stringify({ schema: rows, tables });
}

/** The table of moves some tests write to (a migration: whichever test runs first creates it). */
function createMoves() {
  return client.migrate({
    id: "moves",
    statements: [{ sql: "CREATE TABLE moves (k TEXT PRIMARY KEY, v INTEGER)" }],
  });
}

const posFile = (name: string) => readFileSync(join(dirOf(name), "games.db-pos"), "utf8");

describe("games-db cluster", () => {
  it("replicates writes on the primary to both replicas", async () => {
    const { txid } = await client.exec([
      { sql: "INSERT INTO scores (player, points) VALUES (?, ?)", params: ["ada", 10] },
      { sql: "INSERT INTO scores (player, points) VALUES (?, ?)", params: ["bob", 7] },
    ]);
    for (const url of [replica1.url, replica2.url]) {
      const read = await post(url, "/query", {
        sql: "SELECT player, points FROM scores ORDER BY player",
        minTxid: txid,
      });
      expect(read.status).toBe(200);
      expect(read.body.rows).toEqual([
        { player: "ada", points: 10 },
        { player: "bob", points: 7 },
      ]);
    }
  });

  it("follows LiteFS's directory conventions", async () => {
    await converged();
    expect(readFileSync(join(dirOf("replica1"), ".primary"), "utf8")).toBe("primary\n");
    expect(readFileSync(join(dirOf("replica2"), ".primary"), "utf8")).toBe("primary\n");
    expect(existsSync(join(dirOf("primary"), ".primary"))).toBe(false);
    const { txid, checksum } = await readStatus(primary.url);
    expect(posFile("primary")).toBe(`${txid.toString(16).padStart(16, "0")}/${checksum}\n`);
    expect(posFile("replica1")).toBe(posFile("primary"));
  });

  it("refuses writes on a replica, naming the primary", async () => {
    const before = await readStatus(primary.url);
    const answer = await post(replica1.url, "/exec", {
      statements: [{ sql: "INSERT INTO scores (player) VALUES ('eve')" }],
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: "read_only", primary: primary.url });
    expect((answer.body.error as { message: string }).message).toContain(primary.url);
    expect((await readStatus(primary.url)).txid).toBe(before.txid);
  });

  it("refuses writes and bad bodies on /query, and answers bad requests with 400", async () => {
    const write = await post(replica1.url, "/query", { sql: "DELETE FROM scores" });
    expect(write.status).toBe(400);
    expect(write.body.error).toMatchObject({ code: "not_a_query" });
    const invalid = await post(primary.url, "/query", { sql: 42 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: "bad_request", fields: [{ path: "sql" }] });
    const notJson = await fetch(`${primary.url}/exec`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_SECRET}` },
      body: "{oops",
    });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get("content-type")).toBe("application/json");
  });

  it("commits nothing of a batch with a failing statement", async () => {
    const before = await readStatus(primary.url);
    const failing = client.exec([
      { sql: "INSERT INTO scores (player, points) VALUES ('carol', 1)" },
      { sql: "INSERT INTO scores (player, points) VALUES ('ada', 2)" },
    ]);
    await expect(failing).rejects.toBeInstanceOf(GamesDbSqlError);
    await expect(failing).rejects.toMatchObject({
      sqliteCode: "SQLITE_CONSTRAINT_UNIQUE",
      isConstraintViolation: true,
    });
    await expect(client.exec([{ sql: "INSERT INTO nowhere VALUES (1)" }])).rejects.toThrow(
      /no such table/,
    );
    const carol = await client.query("SELECT * FROM scores WHERE player = ?", ["carol"]);
    expect(carol.rows).toEqual([]);
    expect((await readStatus(primary.url)).txid).toBe(before.txid);
  });

  it("converges byte for byte on random(), randomblob() and datetime('now')", async () => {
    await client.migrate({
      id: "draws",
      statements: [
        {
          sql: "CREATE TABLE draws (id INTEGER PRIMARY KEY, r INTEGER, b BLOB, at TEXT, f REAL, any)",
        },
        {
          sql: "INSERT INTO draws (r, b, at, f, any) VALUES (random(), randomblob(32), datetime('now'), random() / 7.0, ?)",
          params: [Buffer.from("raw bytes")],
        },
        {
          sql: "INSERT INTO draws (r, b, at, f, any) SELECT random(), randomblob(8), strftime('%Y-%m-%d %H:%M:%f', 'now'), 2.0, random() FROM scores",
        },
        { sql: "UPDATE scores SET points = abs(random()) % 1000" },
        { sql: "CREATE TABLE seeds AS SELECT id, randomblob(4) AS seed FROM draws" },
      ],
    });
    await converged();
    const [p, r1, r2] = await Promise.all(nodeUrls().map(dump));
    expect(p).toContain('"$b64"');
    expect(r1).toBe(p);
    expect(r2).toBe(p);
    expect(posFile("replica1")).toBe(posFile("primary"));
    expect(posFile("replica2")).toBe(posFile("primary"));
    const blob = await client.query("SELECT any FROM draws WHERE id = 1");
    expect(blob.rows[0]?.any).toEqual(Buffer.from("raw bytes"));
  });

  it("reads the caller's own writes, many at once", async () => {
    await createMoves();
    const served = new Set<string>();
    await Promise.all(
      Array.from({ length: 25 }, async (_, i) => {
        for (let j = 0; j < 4; j++) {
          const key = `${i}-${j}`;
          const { txid } = await client.exec([
            { sql: "INSERT INTO moves (k, v) VALUES (?, ?)", params: [key, j] },
          ]);
          const read = await client.query("SELECT v FROM moves WHERE k = ?", [key], {
            minTxid: txid,
          });
          expect(read.rows).toEqual([{ v: j }]);
          expect(read.txid).toBeGreaterThanOrEqual(txid);
          served.add(read.node);
        }
      }),
    );
    expect(served.size).toBeGreaterThan(0);
  });

  it("serves a read for a TXID nobody has reached from the primary's latest data", async () => {
    await client.migrate({
      id: "unreached",
      statements: [{ sql: "CREATE TABLE unreached (k INTEGER PRIMARY KEY)" }],
    });
    await client.exec([
      { sql: "DELETE FROM unreached" },
      { sql: "INSERT INTO unreached (k) VALUES (1), (2), (3)" },
    ]);
    const { txid } = await readStatus(primary.url);
    const read = await client.query("SELECT count(*) AS n FROM unreached", [], {
      minTxid: txid + 1000,
    });
    expect(read.node).toBe(primary.url);
    expect(read.txid).toBe(txid);
    expect(read.rows).toEqual([{ n: 3 }]);
  });

  it("loses no read while a replica is killed, and the replica catches up after a restart", async () => {
    await converged();
    const served = new Map<string, number>();
    const failures: unknown[] = [];
    let reads = 0;
    let killedAfter = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 100; i++) {
          if (reads === 100 && killedAfter === 0) {
            killedAfter = served.get(replica2.url) ?? 0;
            replica2.child.kill("SIGKILL");
          }
          reads++;
          try {
            const read = await client.query("SELECT count(*) AS n FROM scores");
            served.set(read.node, (served.get(read.node) ?? 0) + 1);
          } catch (error) {
            failures.push(error);
          }
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(reads).toBe(400);
    expect(killedAfter).toBeGreaterThan(0);
    await replica2.exited;

    const positionAtKill = (await readStatus(replica1.url)).txid;
    for (let i = 0; i < 10; i++) {
      await client.exec([{ sql: "UPDATE scores SET points = points + 1 WHERE player = 'ada'" }]);
    }
    replica2 = await spawnNode(replica2Port, replica2Args());
    const txid = await converged();
    expect(txid).toBe(positionAtKill + 10);
    expect(replica2.events.map((e) => e.event)).not.toContain("snapshot_restored");
    expect(replica2.events.find((e) => e.event === "connected_to_primary")).toMatchObject({
      from: positionAtKill,
      txid,
    });
    expect(await dump(replica2.url)).toBe(await dump(primary.url));
  });

  it("marks a replica that stops hearing from its primary unhealthy, and the client skips it", async () => {
    await converged();
    proxy.pause();
    try {
      const stalled = await eventually("replica2 unhealthy", async () => {
        const status = await readStatus(replica2.url);
        return status.healthy ? undefined : status;
      });
      expect(stalled).toMatchObject({ connected: false, healthy: false });
      expect(stalled.reason).toContain("not connected");
      expect(existsSync(join(dirOf("replica2"), ".primary"))).toBe(false);
      const health = await fetch(`${replica2.url}/health`);
      expect(health.status).toBe(503);

      const { txid } = await client.exec([
        { sql: "UPDATE scores SET points = 0 WHERE player = 'bob'" },
      ]);
      // Once the client has noticed, no read goes to replica2.
      await eventually("the client to stop reading from replica2", async () => {
        for (let i = 0; i < 10; i++) {
          const read = await client.query("SELECT points FROM scores WHERE player = 'bob'");
          if (read.node === replica2.url) return undefined;
        }
        return true;
      });
      const served = new Set<string>();
      for (let i = 0; i < 60; i++) {
        const read = await client.query("SELECT points FROM scores WHERE player = 'bob'");
        served.add(read.node);
      }
      expect(served.has(replica2.url)).toBe(false);
      expect(served).toEqual(new Set([primary.url, replica1.url]));
      const fresh = await client.query("SELECT points FROM scores WHERE player = 'bob'", [], {
        minTxid: txid,
      });
      expect(fresh.rows).toEqual([{ points: 0 }]);
    } finally {
      proxy.resume();
    }
    await eventually("replica2 healthy again", async () =>
      (await readStatus(replica2.url)).healthy ? true : undefined,
    );
    await converged();
  });

  it("restores a replica started after the retained log from a snapshot", async () => {
    await createMoves();
    for (let i = 0; i < RETAIN + 5; i++) {
      await client.exec([
        { sql: "INSERT INTO moves (k, v) VALUES (?, random())", params: [`late-${i}`] },
      ]);
    }
    const replica3 = await startNode({
      name: "replica3",
      port: await freePort(),
      dir: dirOf("replica3"),
      primaryUrl: primary.url,
      heartbeatMs: HEARTBEAT_MS,
      staleMs: STALE_MS,
      secret: TEST_SECRET,
      log: (event, fields) => events.push({ event, node: "replica3", ...fields }),
    });
    cleanup.add(() => replica3.close());
    await converged([...nodeUrls(), replica3.url]);
    expect(events).toContainEqual(
      expect.objectContaining({ event: "snapshot_restored", node: "replica3" }),
    );
    await client.exec([
      { sql: "INSERT INTO moves (k, v) VALUES ('after-snapshot', randomblob(2))" },
    ]);
    await converged([...nodeUrls(), replica3.url]);
    expect(await dump(replica3.url)).toBe(await dump(primary.url));
    expect(posFile("replica3")).toBe(posFile("primary"));
    expect(readFileSync(join(dirOf("replica3"), ".primary"), "utf8")).toBe("primary\n");
  });

  it("reports a write it could not deliver as unavailable", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const orphan = createGamesDbClient({ nodes: [dead], secret: TEST_SECRET });
    await expect(orphan.exec([{ sql: "SELECT 1" }])).rejects.toBeInstanceOf(GamesDbUnavailable);
    await expect(orphan.query("SELECT 1")).rejects.toBeInstanceOf(GamesDbUnavailable);
  });
});
