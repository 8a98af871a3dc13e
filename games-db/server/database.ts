// Opens a node's SQLite file with the settings of its role and keeps the replication position
// in the `_litefs_position` table, written in the same transaction as the data it describes.
import Database from "better-sqlite3";
import { INITIAL_POSITION, type Position } from "./position";

export type Role = "primary" | "replica";

/** Names of internal tables and triggers start with this; they are never replicated. */
export const INTERNAL_PREFIX = "_litefs_";

/**
 * Opens (or creates) the database in WAL mode. The primary enforces foreign keys and fires
 * triggers for REPLACE deletions so that change capture sees them; a replica applies row images
 * as they are, so it enforces nothing and syncs less (it can fetch lost transactions again).
 */
export function openDatabase(file: string, role: Role): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${role === "primary" ? "FULL" : "NORMAL"}`);
  db.pragma("busy_timeout = 5000");
  db.pragma(`foreign_keys = ${role === "primary" ? "ON" : "OFF"}`);
  db.pragma(`recursive_triggers = ${role === "primary" ? "ON" : "OFF"}`);
  db.exec(`CREATE TABLE IF NOT EXISTS _litefs_position (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    txid INTEGER NOT NULL,
    checksum TEXT NOT NULL
  )`);
  db.prepare("INSERT OR IGNORE INTO _litefs_position (id, txid, checksum) VALUES (1, ?, ?)").run(
    INITIAL_POSITION.txid,
    INITIAL_POSITION.checksum,
  );
  return db;
}

/**
 * Opens the database read-only, as a reader does. Its node opened it first and keeps it open,
 * so the file exists and is in WAL mode.
 */
export function openForReading(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  return db;
}

export function readPosition(db: Database.Database): Position {
  return db.prepare("SELECT txid, checksum FROM _litefs_position WHERE id = 1").get() as Position;
}

/** Records the position; call it inside the transaction that brings the data there. */
export function writePosition(db: Database.Database, position: Position): void {
  db.prepare("UPDATE _litefs_position SET txid = ?, checksum = ? WHERE id = 1").run(
    position.txid,
    position.checksum,
  );
}

/** User tables of the main schema (not SQLite's own, not internal), by name. */
export function userTables(db: Database.Database): string[] {
  const tables = db.pragma("main.table_list") as { name: string; type: string }[];
  return tables
    .filter((t) => t.type === "table" && !isReservedName(t.name))
    .map((t) => t.name)
    .sort();
}

export function isReservedName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith("sqlite_") || lower.startsWith(INTERNAL_PREFIX);
}

/** Column names of a table that an INSERT can set (generated and hidden columns excluded). */
export function insertableColumns(db: Database.Database, table: string): string[] {
  return db.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[];
}
