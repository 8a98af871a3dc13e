// One write transaction on the primary, as the writer process runs it: the batch (or migration),
// then the next TXID, the new position and the transaction's stream line, all in the same SQLite
// transaction, which stays open until the node commits it.
import type Database from "better-sqlite3";
import { canonicalTransaction, type Step, type TxLine } from "../protocol/replication";
import type { WireStatement } from "../protocol/sql-api";
import { encodeInteger } from "../protocol/wire-values";
import { readPosition, writePosition } from "./database";
import type { MigrationStamp, StagedWrite } from "./executor-messages";
import { recordMigration, wasApplied } from "./migrations";
import { nextChecksum, type Position } from "./position";
import { appendTx } from "./tx-log";
import { runBatch } from "./write-batch";

/**
 * Begins a transaction and runs the write in it, leaving it open for COMMIT; on failure rolls it
 * back (unless the failure already did) and throws.
 */
export function stageWrite(
  db: Database.Database,
  write: { statements: readonly WireStatement[]; migration?: MigrationStamp },
  retain: number,
): StagedWrite {
  db.exec("BEGIN IMMEDIATE");
  try {
    return runWrite(db, write, retain);
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

/**
 * Runs a write inside the current transaction. A batch that changed nothing gets no TXID and
 * answers the current position, which already covers everything it read; a migration applied
 * before does nothing.
 */
export function runWrite(
  db: Database.Database,
  { statements, migration }: { statements: readonly WireStatement[]; migration?: MigrationStamp },
  retain: number,
): StagedWrite {
  const previous = readPosition(db);
  if (migration !== undefined && wasApplied(db, migration)) {
    return { results: [], position: previous, applied: false };
  }
  const { steps, results } = runBatch(db, statements, migration ? "allowed" : "refused");
  const position = steps.length === 0 ? previous : appendTransaction(db, previous, steps, retain);
  if (migration !== undefined) recordMigration(db, migration, position.txid);
  return {
    results: results.map(({ changes, lastInsertRowid }) => ({
      changes,
      lastInsertRowid: encodeInteger(BigInt(lastInsertRowid)),
    })),
    position,
    applied: true,
  };
}

/** Gives the steps the TXID after `previous`, records the new position and logs the stream line. */
function appendTransaction(
  db: Database.Database,
  previous: Position,
  steps: Step[],
  retain: number,
): Position {
  const txid = previous.txid + 1;
  const checksum = nextChecksum(previous.checksum, canonicalTransaction(txid, steps));
  const tx: TxLine = { type: "tx", txid, checksum, steps };
  writePosition(db, { txid, checksum });
  appendTx(db, { txid, checksum, line: `${JSON.stringify(tx)}\n` }, retain);
  return { txid, checksum };
}
