// The primary role: runs write batches in one transaction each, gives every transaction that
// changed something the next TXID, logs it, and streams it to replicas; also serves snapshots.
import { join } from "node:path";
import type Database from "better-sqlite3";
import { canonicalTransaction, type HeartbeatLine, type TxLine } from "../protocol/replication";
import type { ExecResponse, WireStatement } from "../protocol/sql-api";
import { encodeInteger } from "../protocol/wire-values";
import { createChangeTable, installCaptureTriggers } from "./change-capture";
import { openDatabase, readPosition, writePosition } from "./database";
import type { Health } from "./health";
import type { Logger } from "./log";
import { removePrimaryFile, writePosFile } from "./node-dir";
import { nextChecksum, ZERO_CHECKSUM } from "./position";
import { PositionTracker } from "./position-tracker";
import { createSnapshot } from "./snapshot";
import { StreamHub } from "./stream-hub";
import { appendTx, createTxLog, linesAfter, oldestRetained, retainedChecksum } from "./tx-log";
import { runBatch } from "./write-batch";

export interface PrimaryOptions {
  name: string;
  dir: string;
  dbName: string;
  /** How many recent transactions the log keeps for replicas to catch up from. */
  retain: number;
  heartbeatMs: number;
  log: Logger;
}

export class Primary {
  readonly kind = "primary";
  readonly tracker: PositionTracker;
  readonly #db: Database.Database;
  readonly #options: PrimaryOptions;
  readonly #streams: StreamHub;

  constructor(options: PrimaryOptions) {
    this.#options = options;
    const db = openDatabase(join(options.dir, options.dbName), "primary");
    db.transaction(() => {
      createChangeTable(db);
      createTxLog(db);
      installCaptureTriggers(db);
    }).immediate();
    this.#db = db;
    removePrimaryFile(options.dir);
    this.tracker = new PositionTracker(readPosition(db), (position) =>
      writePosFile(options.dir, options.dbName, position),
    );
    this.#streams = new StreamHub({
      heartbeatLine: () => this.#heartbeatLine(),
      heartbeatMs: options.heartbeatMs,
      log: options.log,
    });
  }

  get database(): Database.Database {
    return this.#db;
  }

  health(): Health {
    return { primary: null, connected: true, lag: 0, healthy: this.#db.open };
  }

  /**
   * Runs a batch in one transaction. A batch that changed nothing commits no transaction and
   * answers the current TXID, which already covers everything it read.
   */
  exec(statements: readonly WireStatement[]): ExecResponse {
    const db = this.#db;
    const previous = this.tracker.current;
    const committed = db
      .transaction(() => {
        const { steps, results } = runBatch(db, statements);
        if (steps.length === 0) return { results, line: undefined, position: previous };
        const txid = previous.txid + 1;
        const checksum = nextChecksum(previous.checksum, canonicalTransaction(txid, steps));
        const tx: TxLine = { type: "tx", txid, checksum, steps };
        const line = `${JSON.stringify(tx)}\n`;
        writePosition(db, { txid, checksum });
        appendTx(db, { txid, checksum, line }, this.#options.retain);
        return { results, line, position: { txid, checksum } };
      })
      .immediate();
    if (committed.line !== undefined) {
      this.tracker.set(committed.position);
      this.#streams.broadcast(committed.line);
    }
    return {
      txid: committed.position.txid,
      results: committed.results.map((r) => ({
        changes: r.changes,
        lastInsertRowid: encodeInteger(BigInt(r.lastInsertRowid)),
      })),
    };
  }

  /**
   * Lines a replica at `from` (with `checksum` there, when given) needs to catch up, or why it
   * needs a snapshot instead: its position is past the primary's, older than the retained log,
   * or on a different history.
   */
  catchUp(from: number, checksum: string | undefined): { lines: string[] } | { snapshot: string } {
    const current = this.tracker.current;
    if (from > current.txid) {
      return { snapshot: `position ${from} is ahead of the primary's ${current.txid}` };
    }
    const oldest = oldestRetained(this.#db) ?? current.txid + 1;
    if (from < current.txid && from + 1 < oldest) {
      return { snapshot: `position ${from} is older than the retained log (from ${oldest})` };
    }
    const known =
      from === current.txid
        ? current.checksum
        : from === 0
          ? ZERO_CHECKSUM
          : retainedChecksum(this.#db, from);
    if (checksum !== undefined && known !== undefined && checksum !== known) {
      return { snapshot: `checksum ${checksum} at ${from} differs from the primary's ${known}` };
    }
    return { lines: linesAfter(this.#db, from) };
  }

  get streams(): StreamHub {
    return this.#streams;
  }

  snapshot(): ReturnType<typeof createSnapshot> {
    return createSnapshot(this.#db);
  }

  async close(): Promise<void> {
    this.#streams.close();
    this.tracker.close();
    this.#db.close();
  }

  #heartbeatLine(): string {
    const line: HeartbeatLine = {
      type: "heartbeat",
      txid: this.tracker.current.txid,
      primary: this.#options.name,
    };
    return `${JSON.stringify(line)}\n`;
  }
}
