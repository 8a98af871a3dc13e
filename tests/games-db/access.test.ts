// Who may use a node, and what /exec may change: every route but /health requires the nodes'
// secret, replication included; schema changes go through migrations only, each applied once.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningNode, startNode } from "../../games-db/server/node";
import type { GamesDbClient, GamesDbMigrations } from "../../lib/games-db/client";
import { freePort } from "../support/free-port";
import { eventually } from "../support/poll";
import { Cleanup, post, readStatus, startPrimaryAndReplica, TEST_SECRET } from "./harness";

const WRONG_SECRET = "not-the-games-db-secret";
const cleanup = new Cleanup();
let root: string;
let primary: RunningNode;
let replica: RunningNode;
let client: GamesDbClient & GamesDbMigrations;
const events: Record<string, unknown>[] = [];

beforeAll(async () => {
  ({ root, primary, replica, client } = await startPrimaryAndReplica(
    cleanup,
    { readers: 1 },
    ["secret answer", "another"],
    () => (event, fields) => events.push({ event, ...fields }),
  ));
});

afterAll(() => cleanup.run());

/** Schema and rows of the user tables, as the primary answers them. */
async function dump(url: string): Promise<unknown> {
  const schema = await post(url, "/query", {
    sql: "SELECT type, name, sql FROM sqlite_schema WHERE substr(name, 1, 8) <> '_litefs_' ORDER BY name",
  });
  const notes = await post(url, "/query", { sql: "SELECT rowid, * FROM notes ORDER BY rowid" });
  return { schema: schema.body.rows, notes: notes.body.rows };
}

async function converged(): Promise<number> {
  const { txid } = await readStatus(primary.url);
  await eventually(`the replica at TXID ${txid}`, async () =>
    (await readStatus(replica.url)).txid === txid ? true : undefined,
  );
  return txid;
}

describe("access to a node", () => {
  const requests: [string, string, unknown][] = [
    ["POST", "/query", { sql: "SELECT body FROM notes" }],
    ["POST", "/exec", { statements: [{ sql: "DELETE FROM notes" }] }],
    ["POST", "/migrate", { id: "evil", statements: [{ sql: "DROP TABLE notes" }] }],
    ["GET", "/status", undefined],
    ["GET", "/stream?from=0", undefined],
    ["GET", "/snapshot", undefined],
    ["GET", "/nowhere", undefined],
  ];
  const credentials: [string, Record<string, string>][] = [
    ["no secret", {}],
    ["a wrong secret", { authorization: `Bearer ${WRONG_SECRET}` }],
    ["the secret with a suffix", { authorization: `Bearer ${TEST_SECRET}x` }],
    ["the secret as Basic credentials", { authorization: `Basic ${TEST_SECRET}` }],
  ];

  it.each(requests)(
    "refuses %s %s with 401 JSON without the secret",
    async (method, path, body) => {
      const before = await dump(primary.url);
      for (const [, headers] of credentials) {
        const response = await fetch(`${primary.url}${path}`, {
          method,
          headers: { ...headers, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        expect(response.status).toBe(401);
        expect(response.headers.get("content-type")).toBe("application/json");
        expect(response.headers.get("www-authenticate")).toBe('Bearer realm="games-db"');
        expect(await response.json()).toMatchObject({
          error: { code: "unauthorized", message: expect.stringContaining("Bearer") },
        });
      }
      expect(await dump(primary.url)).toEqual(before);
      const logged = events.filter(
        (e) => e.event === "unauthorized" && e.path === path.split("?")[0],
      );
      expect(logged).toHaveLength(credentials.length);
      expect(logged[0]).toMatchObject({ method, remote: "127.0.0.1" });
    },
  );

  it("never logs a secret, right or wrong", () => {
    const log = JSON.stringify(events);
    expect(log).toContain("unauthorized");
    expect(log).not.toContain(TEST_SECRET);
    expect(log).not.toContain(WRONG_SECRET);
  });

  it("keeps GET /health open", async () => {
    const response = await fetch(`${replica.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ healthy: true });
  });

  it("does not let a replica with a wrong secret replicate", async () => {
    const txid = await converged();
    const intruder = await startNode({
      name: "intruder",
      port: await freePort(),
      dir: join(root, "intruder"),
      primaryUrl: primary.url,
      staleMs: 1000,
      readers: 1,
      secret: WRONG_SECRET,
      log: (event, fields) => events.push({ event, node: "intruder", ...fields }),
    });
    cleanup.add(() => intruder.close());
    await eventually("the primary to refuse the intruder's stream", () =>
      events.some((e) => e.event === "unauthorized" && e.path === "/stream") ? true : undefined,
    );
    await eventually("the intruder to report the refusal", () =>
      events.find((e) => e.node === "intruder" && e.event === "error"),
    );
    expect(events.find((e) => e.node === "intruder" && e.event === "error")?.error).toContain(
      "does not accept this node's secret",
    );
    const status = await readStatus(intruder.url, WRONG_SECRET);
    expect(status).toMatchObject({ connected: false, healthy: false, txid: 0 });
    expect(txid).toBeGreaterThan(0);
    const read = await post(
      intruder.url,
      "/query",
      { sql: "SELECT count(*) AS n FROM sqlite_schema WHERE name = 'notes'" },
      WRONG_SECRET,
    );
    expect(read.body.rows).toEqual([{ n: 0 }]);
  });

  it("refuses to start without a secret in GAMES_DB_SECRET, saying so, with exit code 2", async () => {
    const { GAMES_DB_SECRET: _unset, ...environment } = process.env;
    const node = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        fileURLToPath(new URL("../../games-db/server/node.ts", import.meta.url)),
        ...["--name", "nameless", "--port", "0", "--dir", join(root, "nameless")],
      ],
      { env: environment, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    node.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const [code] = await once(node, "exit");
    expect(code).toBe(2);
    expect(stderr).toContain("GAMES_DB_SECRET");
  });
});

describe("schema changes", () => {
  it.each([
    "DROP TABLE notes",
    "CREATE TABLE other (v)",
    "ALTER TABLE notes ADD COLUMN extra TEXT",
    "ALTER TABLE notes RENAME TO papers",
    "CREATE INDEX notes_by_body ON notes (body)",
    "CREATE VIEW bodies AS SELECT body FROM notes",
    "/* a comment first */ drop table notes",
    "ANALYZE",
  ])("refuses %s on /exec, changing nothing", async (sql) => {
    const before = await dump(primary.url);
    const { txid } = await readStatus(primary.url);
    const answer = await post(primary.url, "/exec", {
      statements: [{ sql: "INSERT INTO notes (body) VALUES ('smuggled')" }, { sql }],
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({
      code: "schema_change_refused",
      message: expect.stringContaining("POST /migrate"),
    });
    expect(await dump(primary.url)).toEqual(before);
    expect((await readStatus(primary.url)).txid).toBe(txid);
    await expect(client.exec([{ sql }])).rejects.toMatchObject({ code: "schema_change_refused" });
  });

  it("applies a migration once, replicates it, and does nothing when it runs again", async () => {
    const migration = {
      id: "notes/tags",
      statements: [
        { sql: "ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT ''" },
        { sql: "UPDATE notes SET tags = 'imported'" },
        { sql: "CREATE INDEX notes_by_tags ON notes (tags)" },
      ],
    };
    const before = (await readStatus(primary.url)).txid;
    const first = await client.migrate(migration);
    expect(first).toEqual({ applied: true, txid: before + 1 });
    expect(await converged()).toBe(first.txid);
    expect(await dump(replica.url)).toEqual(await dump(primary.url));
    const tags = await client.query("SELECT DISTINCT tags FROM notes", [], { minTxid: first.txid });
    expect(tags.rows).toEqual([{ tags: "imported" }]);

    await client.exec([{ sql: "UPDATE notes SET tags = 'edited' WHERE id = 1" }]);
    const edited = await dump(primary.url);
    const again = await client.migrate(migration);
    expect(again).toEqual({ applied: false, txid: first.txid + 1 });
    expect(await dump(primary.url)).toEqual(edited);
    expect(
      events.filter((e) => e.event === "migration_applied" && e.id === "notes/tags"),
    ).toHaveLength(1);
  });

  it("refuses a migration id applied before with other statements", async () => {
    await client.migrate({ id: "notes/v1", statements: [{ sql: "CREATE TABLE v1 (v)" }] });
    const before = await dump(primary.url);
    const answer = await post(primary.url, "/migrate", {
      id: "notes/v1",
      statements: [{ sql: "CREATE TABLE v1_changed (v)" }],
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: "migration_conflict" });
    expect(await dump(primary.url)).toEqual(before);
  });

  it("takes migrations on the primary only", async () => {
    const answer = await post(replica.url, "/migrate", {
      id: "on-a-replica",
      statements: [{ sql: "CREATE TABLE nope (v)" }],
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: "read_only", primary: primary.url });
  });
});
