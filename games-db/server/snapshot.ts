// Full copies of the database for replicas too far behind the retained log: the primary makes
// one from its live database, and a replica checks one and swaps it in for its own file.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { dropCaptureTriggers } from "./change-capture";
import { readPosition } from "./database";
import type { Position } from "./position";

/**
 * The database as a replica should hold it: data and position, without the primary's
 * transaction log, pending changes, record of migrations or capture triggers.
 */
export function createSnapshot(db: Database.Database): { data: Buffer; position: Position } {
  const copy = new Database(asRollbackJournalImage(db.serialize()));
  try {
    dropCaptureTriggers(copy);
    copy.exec(
      "DROP TABLE IF EXISTS _litefs_txlog; DROP TABLE IF EXISTS _litefs_changes; DROP TABLE IF EXISTS _litefs_migrations",
    );
    return { data: copy.serialize(), position: readPosition(copy) };
  } finally {
    copy.close();
  }
}

/**
 * Marks a serialized WAL database as a rollback-journal one (header bytes 18 and 19 are 2 in
 * WAL mode), which SQLite requires to open an image in memory; the replica turns WAL back on.
 */
function asRollbackJournalImage(image: Buffer): Buffer {
  image[18] = 1;
  image[19] = 1;
  return image;
}

/** Reads the position recorded inside a snapshot, proving it is an SQLite database. */
export function snapshotPosition(data: Buffer): Position {
  const copy = new Database(data, { readonly: true });
  try {
    return readPosition(copy);
  } finally {
    copy.close();
  }
}

/**
 * Replaces a closed database file by a snapshot: the snapshot is written to a temporary file
 * and synced, the old file's WAL is removed, and a rename swaps the files, so a crash leaves
 * either the old database or the new one.
 */
export function replaceDatabaseFile(file: string, data: Buffer): void {
  const temporary = `${file}.snapshot`;
  const fd = openSync(temporary, "w");
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  renameSync(temporary, file);
  const dir = openSync(dirname(file), "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
