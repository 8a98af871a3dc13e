// Change capture on the primary: triggers record which rows each write touches, and the final
// images of those rows (plus AUTOINCREMENT counters) become the steps replicas apply.
import type Database from "better-sqlite3";
import type { RowStep } from "../protocol/replication";
import { encodeInteger, encodeStoredValue } from "../protocol/wire-values";
import { INTERNAL_PREFIX, insertableColumns, userTables } from "./database";
import { quoteIdent, quoteLiteral, rowidAlias } from "./sql-text";

/** Creates the table of touched rows; it is emptied at the end of every write transaction. */
export function createChangeTable(db: Database.Database): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS _litefs_changes (tbl TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (tbl, rid)) WITHOUT ROWID",
  );
}

/** Drops the triggers of change capture (a replica's copy must not carry them). */
export function dropCaptureTriggers(db: Database.Database): void {
  const existing = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND substr(name, 1, ?) = ?")
    .pluck()
    .all(INTERNAL_PREFIX.length, INTERNAL_PREFIX) as string[];
  for (const name of existing) db.exec(`DROP TRIGGER ${quoteIdent(name)}`);
}

/** Drops every capture trigger and creates them again for the current user tables. */
export function installCaptureTriggers(db: Database.Database): void {
  dropCaptureTriggers(db);
  for (const table of userTables(db)) {
    const t = quoteIdent(table);
    const name = (event: string) => quoteIdent(`${INTERNAL_PREFIX}${event}_${table}`);
    const record = (ref: string) =>
      `INSERT OR IGNORE INTO _litefs_changes (tbl, rid) VALUES (${quoteLiteral(table)}, ${ref}.${rowidAlias(insertableColumns(db, table))});`;
    db.exec(`CREATE TRIGGER ${name("insert")} AFTER INSERT ON ${t} BEGIN ${record("NEW")} END`);
    db.exec(
      `CREATE TRIGGER ${name("update")} AFTER UPDATE ON ${t} BEGIN ${record("OLD")} ${record("NEW")} END`,
    );
    db.exec(`CREATE TRIGGER ${name("delete")} AFTER DELETE ON ${t} BEGIN ${record("OLD")} END`);
  }
}

/** Marks every row of a table as touched (for tables a statement created with rows in them). */
export function markAllRows(db: Database.Database, table: string): void {
  const alias = rowidAlias(insertableColumns(db, table));
  db.prepare(
    `INSERT OR IGNORE INTO _litefs_changes (tbl, rid) SELECT ?, ${alias} FROM ${quoteIdent(table)}`,
  ).run(table);
}

/**
 * Reads the current image of every touched row (null for rows gone) and forgets the touches.
 * Touches of tables that no longer exist are dropped: the schema step that removed them says it.
 */
export function takeRowImages(db: Database.Database): RowStep[] {
  const touched = db
    .prepare("SELECT tbl, rid FROM _litefs_changes ORDER BY tbl, rid")
    .safeIntegers(true)
    .all() as { tbl: string; rid: bigint }[];
  if (touched.length === 0) return [];
  const tables = new Set(userTables(db));
  const readers = new Map<string, Database.Statement>();
  const steps: RowStep[] = [];
  for (const { tbl, rid } of touched) {
    if (!tables.has(tbl)) continue;
    let reader = readers.get(tbl);
    if (reader === undefined) {
      const columns = insertableColumns(db, tbl);
      const list = columns.map(quoteIdent).join(", ");
      reader = db
        .prepare(`SELECT ${list} FROM ${quoteIdent(tbl)} WHERE ${rowidAlias(columns)} = ?`)
        .safeIntegers(true);
      readers.set(tbl, reader);
    }
    const row = reader.get(rid) as Record<string, unknown> | undefined;
    steps.push({ table: tbl, rowid: encodeInteger(rid), values: row ? encodeRow(row) : null });
  }
  db.exec("DELETE FROM _litefs_changes");
  return steps;
}

export type Sequences = Map<bigint, Record<string, unknown>>;

/** AUTOINCREMENT counters by rowid of `sqlite_sequence` (no triggers can watch that table). */
export function readSequences(db: Database.Database): Sequences {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'")
    .get();
  if (exists === undefined) return new Map();
  const rows = db
    .prepare("SELECT rowid AS rid, name, seq FROM sqlite_sequence")
    .safeIntegers(true)
    .all() as { rid: bigint; name: unknown; seq: unknown }[];
  return new Map(rows.map(({ rid, name, seq }) => [rid, { name, seq }]));
}

/** Row steps for the counters that differ between two readings of `sqlite_sequence`. */
export function sequenceSteps(before: Sequences, after: Sequences): RowStep[] {
  const steps: RowStep[] = [];
  for (const [rid, row] of after) {
    const old = before.get(rid);
    if (old?.name !== row.name || old?.seq !== row.seq) {
      steps.push({
        table: "sqlite_sequence",
        rowid: encodeInteger(rid),
        values: encodeRow(row),
      });
    }
  }
  for (const rid of before.keys()) {
    if (!after.has(rid)) {
      steps.push({ table: "sqlite_sequence", rowid: encodeInteger(rid), values: null });
    }
  }
  return steps;
}

function encodeRow(row: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, encodeStoredValue(v)]));
}
