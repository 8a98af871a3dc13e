// The primary's retained log of recent transactions, kept in an internal table written in the
// same transaction as the data, from which replicas that reconnect catch up.
import type Database from "better-sqlite3";

export function createTxLog(db: Database.Database): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS _litefs_txlog (txid INTEGER PRIMARY KEY, checksum TEXT NOT NULL, line TEXT NOT NULL)",
  );
}

/** Appends a transaction's stream line and forgets transactions older than the last `retain`. */
export function appendTx(
  db: Database.Database,
  entry: { txid: number; checksum: string; line: string },
  retain: number,
): void {
  db.prepare("INSERT INTO _litefs_txlog (txid, checksum, line) VALUES (?, ?, ?)").run(
    entry.txid,
    entry.checksum,
    entry.line,
  );
  db.prepare("DELETE FROM _litefs_txlog WHERE txid <= ?").run(entry.txid - retain);
}

/** The oldest TXID still in the log, if any. */
export function oldestRetained(db: Database.Database): number | undefined {
  const oldest = db.prepare("SELECT min(txid) FROM _litefs_txlog").pluck().get() as number | null;
  return oldest ?? undefined;
}

/** The checksum the log recorded for a TXID, if it still holds that transaction. */
export function retainedChecksum(db: Database.Database, txid: number): string | undefined {
  return db.prepare("SELECT checksum FROM _litefs_txlog WHERE txid = ?").pluck().get(txid) as
    | string
    | undefined;
}

/** The stream lines of the transactions after a TXID, in order. */
export function linesAfter(db: Database.Database, txid: number): string[] {
  return db
    .prepare("SELECT line FROM _litefs_txlog WHERE txid > ? ORDER BY txid")
    .pluck()
    .all(txid) as string[];
}
