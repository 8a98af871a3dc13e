import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChangeTable, installCaptureTriggers } from "../../../games-db/server/change-capture";
import { openDatabase, readPosition, writePosition } from "../../../games-db/server/database";
import {
  createSnapshot,
  replaceDatabaseFile,
  snapshotPosition,
} from "../../../games-db/server/snapshot";
import { appendTx, createTxLog } from "../../../games-db/server/tx-log";

let dir: string;
let primary: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "games-db-snapshot-"));
  primary = openDatabase(join(dir, "primary.db"), "primary");
  createChangeTable(primary);
  createTxLog(primary);
  primary.exec("CREATE TABLE t (v); INSERT INTO t VALUES (randomblob(8)), (2)");
  installCaptureTriggers(primary);
  writePosition(primary, { txid: 7, checksum: "00000000000000aa" });
  appendTx(primary, { txid: 7, checksum: "00000000000000aa", line: "{}\n" }, 10);
});

afterEach(() => {
  if (primary.open) primary.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("snapshots", () => {
  it("copy a live WAL database with its position but without the primary's internals", () => {
    const { data, position } = createSnapshot(primary);
    expect(position).toEqual({ txid: 7, checksum: "00000000000000aa" });
    expect(snapshotPosition(data)).toEqual(position);

    const file = join(dir, "replica.db");
    const stale = openDatabase(file, "replica");
    stale.exec("CREATE TABLE stale (v)");
    stale.close();
    replaceDatabaseFile(file, data);
    const replica = openDatabase(file, "replica");
    try {
      expect(replica.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(readPosition(replica)).toEqual(position);
      expect(replica.prepare("SELECT v FROM t ORDER BY rowid").all()).toEqual(
        primary.prepare("SELECT v FROM t ORDER BY rowid").all(),
      );
      const names = replica.prepare("SELECT name FROM sqlite_schema ORDER BY name").pluck().all();
      expect(names).toEqual(["_litefs_position", "t"]);
    } finally {
      replica.close();
    }
  });

  it("refuse data that is not an SQLite database", () => {
    expect(() => snapshotPosition(Buffer.from("not a database, not at all"))).toThrow();
  });
});
