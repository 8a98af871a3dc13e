// The primary role: its writer process runs write batches and migrations, one transaction each,
// giving every transaction that changed something the next TXID; the node streams each committed
// transaction to replicas, serves snapshots, and runs reads in its reader processes.
import { join } from "node:path";
import type Database from "better-sqlite3";
import type { HeartbeatLine } from "../protocol/replication";
import type {
  ExecResponse,
  MigrationRequest,
  MigrationResponse,
  WireStatement,
} from "../protocol/sql-api";
import { createChangeTable, installCaptureTriggers } from "./change-capture";
import { openDatabase, readPosition } from "./database";
import type { ExecutorRequest, StagedWrite } from "./executor-messages";
import { ExecutorPool } from "./executor-pool";
import type { Health } from "./health";
import type { Logger } from "./log";
import { createMigrationTable, migrationStamp } from "./migrations";
import { removePrimaryFile, writePosFile } from "./node-dir";
import { ZERO_CHECKSUM } from "./position";
import { PositionTracker } from "./position-tracker";
import { createSnapshot } from "./snapshot";
import { StreamHub } from "./stream-hub";
import { createTxLog, linesAfter, oldestRetained, retainedChecksum } from "./tx-log";

export interface PrimaryOptions {
  name: string;
  dir: string;
  dbName: string;
  /** How many recent transactions the log keeps for replicas to catch up from. */
  retain: number;
  heartbeatMs: number;
  /** How many reader processes serve /query. */
  readers: number;
  log: Logger;
}

/** How long a COMMIT may take (an fsync) before the writer counts as failed. */
const COMMIT_TIMEOUT_MS = 30_000;

export class Primary {
  readonly kind = "primary";
  readonly tracker: PositionTracker;
  readonly readers: ExecutorPool;
  readonly #writer: ExecutorPool;
  /** The node's own connection: the transaction log, snapshots, and the committed position. */
  readonly #db: Database.Database;
  readonly #options: PrimaryOptions;
  readonly #streams: StreamHub;

  private constructor(options: PrimaryOptions) {
    this.#options = options;
    const file = join(options.dir, options.dbName);
    const db = openDatabase(file, "primary");
    db.transaction(() => {
      createChangeTable(db);
      createTxLog(db);
      createMigrationTable(db);
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
    // Two writers, one writing at a time: the idle one takes over at once from one killed for
    // running too long, so writes do not wait for a process to start.
    this.#writer = new ExecutorPool({
      size: 2,
      concurrency: 1,
      settings: { kind: "writer", file, retain: options.retain },
      log: options.log,
      onExit: () => this.#streamCommitted(),
    });
    this.readers = new ExecutorPool({
      size: options.readers,
      settings: { kind: "reader", file },
      log: options.log,
    });
  }

  /** Opens the database and starts the writer and the readers. */
  static async start(options: PrimaryOptions): Promise<Primary> {
    const primary = new Primary(options);
    try {
      await Promise.all([primary.#writer.start(), primary.readers.start()]);
    } catch (error) {
      await primary.close();
      throw error;
    }
    return primary;
  }

  health(): Health {
    return { primary: null, connected: true, lag: 0, healthy: this.#db.open };
  }

  executors(): ReturnType<ExecutorPool["describe"]> {
    return [...this.#writer.describe(), ...this.readers.describe()];
  }

  /** Runs a batch in one transaction, stopped after `limitMs`; schema changes are refused. */
  async exec(
    statements: WireStatement[],
    limits: { limitMs: number; signal?: AbortSignal },
  ): Promise<ExecResponse> {
    const { position, results } = await this.#write({ type: "write", statements }, limits);
    return { txid: position.txid, results };
  }

  /** Applies a migration once, stopped after `limitMs`; again with the same id, does nothing. */
  async migrate(
    { id, statements }: MigrationRequest,
    limits: { limitMs: number; signal?: AbortSignal },
  ): Promise<MigrationResponse> {
    const migration = migrationStamp(id, statements);
    const { position, applied } = await this.#write(
      { type: "write", statements, migration },
      limits,
    );
    if (applied) this.#options.log("migration_applied", { id, txid: position.txid });
    return { id, applied, txid: position.txid };
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
    await Promise.all([this.#writer.close(), this.readers.close()]);
    this.#db.close();
  }

  /**
   * Runs a write in the writer in two steps: the statements, within `limitMs`, then COMMIT once
   * the writer reports them done. A write stopped for its limit is killed before it could
   * commit, so it never is committed. If the writer dies while committing, the database says
   * whether the commit happened.
   */
  #write(
    request: Extract<ExecutorRequest, { type: "write" }>,
    { limitMs, signal }: { limitMs: number; signal?: AbortSignal },
  ): Promise<StagedWrite> {
    return this.#writer.use(
      async (writer) => {
        const staged = await writer.request(request, limitMs);
        try {
          await writer.request({ type: "commit" }, COMMIT_TIMEOUT_MS);
        } catch (error) {
          this.#streamCommitted();
          if (this.tracker.current.txid < staged.position.txid) throw error;
        }
        this.#streamCommitted();
        return staged;
      },
      { waitMs: limitMs, signal },
    );
  }

  /**
   * Brings the position and the replication streams up to what the database holds: every
   * committed transaction is streamed once and in order, read back from the transaction log,
   * whatever became of the writer that committed it.
   */
  #streamCommitted(): void {
    const known = this.tracker.current.txid;
    const { position, lines } = this.#db.transaction(() => ({
      position: readPosition(this.#db),
      lines: linesAfter(this.#db, known),
    }))();
    if (position.txid === known) return;
    for (const line of lines) this.#streams.broadcast(line);
    this.tracker.set(position);
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
