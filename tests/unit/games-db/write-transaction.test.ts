// Write transactions as the primary's writer runs them, on an in-memory database: schema
// changes only in migrations, each migration once, and the transaction logged for replicas.
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChangeTable, installCaptureTriggers } from "../../../games-db/server/change-capture";
import { openDatabase, readPosition } from "../../../games-db/server/database";
import {
  createMigrationTable,
  MigrationConflict,
  migrationStamp,
} from "../../../games-db/server/migrations";
import { INITIAL_POSITION } from "../../../games-db/server/position";
import { createTxLog, linesAfter } from "../../../games-db/server/tx-log";
import { SchemaChangeRefused } from "../../../games-db/server/write-rules";
import { runWrite } from "../../../games-db/server/write-transaction";

let db: Database.Database;

beforeEach(() => {
  db = openDatabase(":memory:", "primary");
  createChangeTable(db);
  createTxLog(db);
  createMigrationTable(db);
  installCaptureTriggers(db);
});

afterEach(() => db.close());

const statements = (...sql: string[]) => sql.map((text) => ({ sql: text }));
const batch = (...sql: string[]) =>
  db.transaction(() => runWrite(db, { statements: statements(...sql) }, 100)).immediate();
const migrate = (id: string, ...sql: string[]) =>
  db
    .transaction(() =>
      runWrite(
        db,
        { statements: statements(...sql), migration: migrationStamp(id, statements(...sql)) },
        100,
      ),
    )
    .immediate();

describe("a write batch", () => {
  beforeEach(() => {
    migrate("t", "CREATE TABLE t (v)");
  });

  it.each([
    "CREATE TABLE u (v)",
    "DROP TABLE t",
    "ALTER TABLE t ADD COLUMN w",
    "CREATE INDEX t_v ON t (v)",
    "-- a comment\n  DROP TABLE t",
    "ANALYZE",
  ])("refuses %s and changes nothing", (sql) => {
    const position = readPosition(db);
    expect(() => batch("INSERT INTO t VALUES (1)", sql)).toThrow(SchemaChangeRefused);
    expect(readPosition(db)).toEqual(position);
    expect(db.prepare("SELECT count(*) FROM t").pluck().get()).toBe(0);
    expect(
      db
        .prepare(
          "SELECT count(*) FROM sqlite_schema WHERE name <> 't' AND name NOT LIKE '\\_litefs\\_%' ESCAPE '\\'",
        )
        .pluck()
        .get(),
    ).toBe(0);
  });

  it("logs the transaction it commits under the next TXID", () => {
    const before = readPosition(db);
    const staged = batch("INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)");
    expect(staged.position.txid).toBe(before.txid + 1);
    expect(readPosition(db)).toEqual(staged.position);
    expect(staged.results.map((r) => r.changes)).toEqual([1, 1]);
    const [line] = linesAfter(db, before.txid);
    expect(JSON.parse(line ?? "null")).toMatchObject({ type: "tx", txid: staged.position.txid });
  });
});

describe("a migration", () => {
  it("is applied once: again with the same id and statements it does nothing", () => {
    const first = migrate("m/1", "CREATE TABLE t (v)", "INSERT INTO t VALUES (1)");
    expect(first).toMatchObject({ applied: true, position: { txid: INITIAL_POSITION.txid + 1 } });
    const again = migrate("m/1", "CREATE TABLE t (v)", "INSERT INTO t VALUES (1)");
    expect(again).toEqual({ applied: false, results: [], position: first.position });
    expect(db.prepare("SELECT count(*) FROM t").pluck().get()).toBe(1);
  });

  it("is refused under an id applied before with other statements", () => {
    migrate("m/1", "CREATE TABLE t (v)");
    const position = readPosition(db);
    expect(() => migrate("m/1", "CREATE TABLE u (v)")).toThrow(MigrationConflict);
    expect(readPosition(db)).toEqual(position);
  });

  it("is recorded even when it changes nothing, and never half-applied", () => {
    db.exec("CREATE TABLE existing (v)");
    expect(migrate("m/noop", "CREATE TABLE IF NOT EXISTS existing (v)")).toMatchObject({
      applied: true,
      position: INITIAL_POSITION,
    });
    expect(migrate("m/noop", "CREATE TABLE IF NOT EXISTS existing (v)").applied).toBe(false);
    expect(() => migrate("m/broken", "CREATE TABLE half (v)", "SELEC 1")).toThrow(/syntax/);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck().get()).toBe(
      0,
    );
    expect(migrate("m/broken", "CREATE TABLE half (v)").applied).toBe(true);
  });
});
