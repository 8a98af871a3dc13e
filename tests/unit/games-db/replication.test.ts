// Row-image replication without HTTP: batches run on an in-memory primary, their steps travel
// as stream lines and are applied to an in-memory replica, which must end up identical.
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  canonicalTransaction,
  streamLineSchema,
  type TxLine,
} from "../../../games-db/protocol/replication";
import { applyTx, Diverged } from "../../../games-db/server/apply-tx";
import { createChangeTable, installCaptureTriggers } from "../../../games-db/server/change-capture";
import { openDatabase, readPosition, writePosition } from "../../../games-db/server/database";
import { INITIAL_POSITION, nextChecksum, type Position } from "../../../games-db/server/position";
import { SqlFailure } from "../../../games-db/server/sql-failure";
import { runBatch } from "../../../games-db/server/write-batch";

let primary: Database.Database;
let replica: Database.Database;
let position: Position;

beforeEach(() => {
  primary = openDatabase(":memory:", "primary");
  createChangeTable(primary);
  installCaptureTriggers(primary);
  replica = openDatabase(":memory:", "replica");
  position = INITIAL_POSITION;
});

afterEach(() => {
  primary.close();
  replica.close();
});

/** Runs a batch on the primary; returns the stream line it would send, if it changed anything. */
function write(...sql: string[]): TxLine | undefined {
  const tx = primary
    .transaction(() => {
      const { steps } = runBatch(
        primary,
        sql.map((s) => ({ sql: s })),
        "allowed",
      );
      if (steps.length === 0) return undefined;
      const txid = position.txid + 1;
      const checksum = nextChecksum(position.checksum, canonicalTransaction(txid, steps));
      writePosition(primary, { txid, checksum });
      return { type: "tx" as const, txid, checksum, steps };
    })
    .immediate();
  if (tx !== undefined) position = { txid: tx.txid, checksum: tx.checksum };
  return tx;
}

/** Sends a line through JSON, as the stream does, and applies it. */
function replicate(tx: TxLine | undefined): void {
  if (tx === undefined) throw new Error("the batch produced no transaction");
  const received = streamLineSchema.parse(JSON.parse(JSON.stringify(tx)));
  if (received.type !== "tx") throw new Error("not a transaction line");
  applyTx(replica, readPosition(replica), received);
}

/** Schema and every row of every table, with storage classes (bigint INTEGER, number REAL). */
function dump(db: Database.Database) {
  const schema = db
    .prepare(
      "SELECT type, name, sql FROM sqlite_schema WHERE substr(name, 1, 8) <> '_litefs_' ORDER BY name",
    )
    .all() as { type: string; name: string }[];
  const tables = schema.filter((o) => o.type === "table").map((o) => o.name);
  const rows = tables.map((t) =>
    db.prepare(`SELECT rowid AS __rowid, * FROM "${t}" ORDER BY rowid`).safeIntegers(true).all(),
  );
  return { schema, rows, position: readPosition(db) };
}

describe("row-image replication", () => {
  it("copies non-deterministic values exactly, storage classes included", () => {
    replicate(write("CREATE TABLE t (id INTEGER PRIMARY KEY, r, b BLOB, d TEXT, x)"));
    replicate(
      write(
        "INSERT INTO t (r, b, d, x) VALUES (random(), randomblob(16), datetime('now'), 3.0)",
        "INSERT INTO t (r, b, d, x) VALUES (random(), zeroblob(3), strftime('%f', 'now'), 3)",
        "UPDATE t SET x = random() / 3.0 WHERE id = 2",
      ),
    );
    expect(dump(replica)).toEqual(dump(primary));
    const types = replica
      .prepare("SELECT typeof(r) || typeof(b) || typeof(x) FROM t")
      .pluck()
      .all();
    expect(types).toEqual(["integerblobreal", "integerblobreal"]);
  });

  it("copies the rows of CREATE TABLE AS SELECT instead of selecting again", () => {
    replicate(write("CREATE TABLE src (v)", "INSERT INTO src VALUES (1), (2), (3)"));
    replicate(write("CREATE TABLE copy AS SELECT v, random() AS r FROM src"));
    expect(dump(replica)).toEqual(dump(primary));
  });

  it("keeps rows written before a rename or a column change in the same batch", () => {
    replicate(write("CREATE TABLE a (v)"));
    replicate(
      write(
        "INSERT INTO a VALUES (random())",
        "ALTER TABLE a RENAME TO b",
        "INSERT INTO b VALUES (random())",
        "ALTER TABLE b ADD COLUMN w DEFAULT 7",
        "UPDATE b SET w = random() WHERE rowid = 1",
      ),
    );
    expect(dump(replica)).toEqual(dump(primary));
    expect(replica.prepare("SELECT count(*) FROM b").pluck().get()).toBe(2);
  });

  it("follows deletes, rowid changes, REPLACE conflicts, cascades and AUTOINCREMENT", () => {
    replicate(
      write(
        "CREATE TABLE u (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE)",
        "CREATE TABLE c (id INTEGER PRIMARY KEY, u INTEGER REFERENCES u (id) ON DELETE CASCADE)",
        "INSERT INTO u (name) VALUES ('a'), ('b'), ('c'), ('d')",
        "INSERT INTO c (u) VALUES (1), (2), (4)",
      ),
    );
    replicate(
      write(
        "INSERT OR REPLACE INTO u (name) VALUES ('a')",
        "UPDATE u SET id = 100 WHERE name = 'c'",
        "DELETE FROM u WHERE name = 'b'",
        "DELETE FROM u WHERE name = 'd'",
      ),
    );
    expect(dump(replica)).toEqual(dump(primary));
    expect(replica.prepare("SELECT u FROM c ORDER BY id").pluck().all()).toEqual([]);
    expect(replica.prepare("SELECT seq FROM sqlite_sequence").pluck().get()).toBe(5);
  });

  it("replays a dropped table's DROP", () => {
    replicate(write("CREATE TABLE gone (v)", "INSERT INTO gone VALUES (1)"));
    replicate(write("INSERT INTO gone VALUES (2)", "DROP TABLE gone"));
    expect(dump(replica)).toEqual(dump(primary));
  });

  it("commits no transaction for a batch that changes nothing", () => {
    replicate(write("CREATE TABLE IF NOT EXISTS t (v)"));
    expect(write("CREATE TABLE IF NOT EXISTS t (v)", "UPDATE t SET v = 1 WHERE 0")).toBeUndefined();
  });

  it.each([
    ["CREATE TABLE w (k PRIMARY KEY) WITHOUT ROWID", /WITHOUT ROWID/],
    ["SELEC 1", /syntax error/],
    ["CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END", /triggers/],
    ["CREATE TEMP TABLE tmp (v)", /temporary/],
    ["BEGIN", /BEGIN is not allowed/],
    ["PRAGMA user_version = 3", /PRAGMA is not allowed/],
    ["DELETE FROM _litefs_position", /internal/],
  ])("refuses %s", (sql, refusal) => {
    primary.exec("CREATE TABLE t (v)");
    expect(() => write(sql)).toThrow(refusal);
    expect(() => write(sql)).toThrow(SqlFailure);
  });

  it("reports SQLite's code for a constraint violation and keeps nothing of the batch", () => {
    replicate(write("CREATE TABLE t (k UNIQUE)", "INSERT INTO t VALUES (1)"));
    const failure = (() => {
      try {
        write("INSERT INTO t VALUES (2)", "INSERT INTO t VALUES (1)");
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(SqlFailure);
    expect((failure as SqlFailure).sqliteCode).toBe("SQLITE_CONSTRAINT_UNIQUE");
    expect(primary.prepare("SELECT k FROM t").pluck().all()).toEqual([1]);
    expect(primary.prepare("SELECT count(*) FROM _litefs_changes").pluck().get()).toBe(0);
  });
});

describe("applying a transaction", () => {
  it("refuses one that does not follow the replica's position", () => {
    const first = write("CREATE TABLE t (v)");
    const second = write("INSERT INTO t VALUES (1)");
    if (!first || !second) throw new Error("expected two transactions");
    expect(() => applyTx(replica, readPosition(replica), second)).toThrow(/does not follow/);
    replicate(first);
    replicate(second);
    expect(readPosition(replica)).toEqual(position);
  });

  it("refuses one from another history and applies nothing", () => {
    const tx = write("CREATE TABLE t (v)");
    if (!tx) throw new Error("expected a transaction");
    expect(() =>
      applyTx(replica, readPosition(replica), { ...tx, checksum: "0123456789abcdef" }),
    ).toThrow(Diverged);
    expect(
      replica.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 't'").pluck().get(),
    ).toBe(0);
  });
});
