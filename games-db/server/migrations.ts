// The primary's record of applied migrations, in an internal table written in the same
// transaction as the migration: an id is applied once, and only ever with the same statements.
import { createHash } from "node:crypto";
import type Database from "better-sqlite3";
import type { WireStatement } from "../protocol/sql-api";
import type { MigrationStamp } from "./executor-messages";

/** A migration id applied before with other statements. */
export class MigrationConflict extends Error {
  override name = "MigrationConflict";
}

export function createMigrationTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS _litefs_migrations (
    id TEXT PRIMARY KEY,
    checksum TEXT NOT NULL,
    txid INTEGER NOT NULL,
    applied_at TEXT NOT NULL
  ) WITHOUT ROWID`);
}

/** A migration's stamp: its id and the sha256 of its statements and parameters. */
export function migrationStamp(id: string, statements: readonly WireStatement[]): MigrationStamp {
  const text = JSON.stringify(statements.map(({ sql, params }) => [sql, params ?? null]));
  return { id, checksum: createHash("sha256").update(text).digest("hex") };
}

/** Whether the migration was applied before; throws MigrationConflict if with other statements. */
export function wasApplied(db: Database.Database, migration: MigrationStamp): boolean {
  const checksum = db
    .prepare("SELECT checksum FROM _litefs_migrations WHERE id = ?")
    .pluck()
    .get(migration.id) as string | undefined;
  if (checksum === undefined) return false;
  if (checksum !== migration.checksum) {
    throw new MigrationConflict(
      `migration ${migration.id} was applied with other statements; give a changed migration a new id`,
    );
  }
  return true;
}

/** Records the migration; call it inside the transaction that applies it. */
export function recordMigration(
  db: Database.Database,
  migration: MigrationStamp,
  txid: number,
): void {
  db.prepare(
    "INSERT INTO _litefs_migrations (id, checksum, txid, applied_at) VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
  ).run(migration.id, migration.checksum, txid);
}
