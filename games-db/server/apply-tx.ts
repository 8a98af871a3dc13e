// Applies one streamed transaction on a replica: checks that it continues the replica's history,
// then runs its steps and records the new position in a single SQLite transaction.
import type Database from "better-sqlite3";
import {
  canonicalTransaction,
  isDdlStep,
  type RowStep,
  type TxLine,
} from "../protocol/replication";
import { decodeForBinding } from "../protocol/wire-values";
import { insertableColumns, writePosition } from "./database";
import { nextChecksum, type Position } from "./position";
import { quoteIdent, rowidAlias } from "./sql-text";

/** The transaction does not continue this replica's history; it needs a snapshot. */
export class Diverged extends Error {
  override name = "Diverged";
}

/** Applies `tx`, which must be the transaction right after `previous`, and returns the new position. */
export function applyTx(db: Database.Database, previous: Position, tx: TxLine): Position {
  if (tx.txid !== previous.txid + 1) {
    throw new Error(`transaction ${tx.txid} does not follow position ${previous.txid}`);
  }
  const checksum = nextChecksum(previous.checksum, canonicalTransaction(tx.txid, tx.steps));
  if (checksum !== tx.checksum) {
    throw new Diverged(
      `checksum after transaction ${tx.txid} is ${checksum} here but ${tx.checksum} on the primary`,
    );
  }
  const position = { txid: tx.txid, checksum };
  db.transaction(() => {
    for (const step of tx.steps) {
      if (isDdlStep(step)) db.exec(step.ddl);
      else applyRow(db, step);
    }
    writePosition(db, position);
  }).immediate();
  return position;
}

function applyRow(db: Database.Database, step: RowStep): void {
  const table = quoteIdent(step.table);
  const rowid = decodeForBinding(step.rowid);
  if (step.values === null) {
    const alias = rowidAlias(insertableColumns(db, step.table));
    db.prepare(`DELETE FROM ${table} WHERE ${alias} = ?`).run(rowid);
    return;
  }
  const columns = Object.keys(step.values);
  const names = [rowidAlias(columns), ...columns.map(quoteIdent)].join(", ");
  const slots = Array.from({ length: columns.length + 1 }, () => "?").join(", ");
  db.prepare(`INSERT OR REPLACE INTO ${table} (${names}) VALUES (${slots})`).run(
    rowid,
    ...Object.values(step.values).map(decodeForBinding),
  );
}
