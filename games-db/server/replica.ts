// The replica role: follows the primary's stream and applies each transaction in order, exactly
// once; restores a snapshot when it is too far behind or on another history; reconnects with
// backoff. Its reader processes serve reads.
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type Database from "better-sqlite3";
import { authorizationHeaders } from "../protocol/auth";
import {
  SNAPSHOT_CHECKSUM_HEADER,
  SNAPSHOT_TXID_HEADER,
  type StreamLine,
  streamLineSchema,
} from "../protocol/replication";
import { applyTx, Diverged } from "./apply-tx";
import { openDatabase, readPosition } from "./database";
import { ExecutorPool } from "./executor-pool";
import { type Health, replicaHealth } from "./health";
import { errorFields, type Logger } from "./log";
import { removePrimaryFile, writePosFile, writePrimaryFile } from "./node-dir";
import { PositionTracker } from "./position-tracker";
import { replaceDatabaseFile, snapshotPosition } from "./snapshot";

export interface ReplicaOptions {
  dir: string;
  dbName: string;
  primaryUrl: string;
  /** Unhealthy beyond this many TXIDs behind the primary. */
  maxLag: number;
  /** Disconnected (and unhealthy) after this long without a line from the primary. */
  staleMs: number;
  /** Each transaction is applied this long after it arrived (0: at once). */
  latencyMs: number;
  /** The nodes' shared secret, which the primary requires on /stream and /snapshot. */
  secret: string;
  /** How many reader processes serve /query. */
  readers: number;
  log: Logger;
}

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2000;
const SNAPSHOT_TIMEOUT_MS = 60_000;

/** The primary answered 410: this replica must start again from a snapshot. */
class SnapshotRequired extends Error {
  override name = "SnapshotRequired";
}

export class Replica {
  readonly kind = "replica";
  readonly tracker: PositionTracker;
  readonly readers: ExecutorPool;
  readonly #options: ReplicaOptions;
  readonly #file: string;
  readonly #stop = new AbortController();
  #loop: Promise<void> = Promise.resolve();
  /** The node's own connection, which applies the primary's transactions. */
  #db: Database.Database;
  /** Whether a stream is open and the primary was heard from within staleMs. */
  #connected = false;
  #streamFrom = 0;
  #lastHeard = 0;
  #primaryTxid = 0;
  #caughtUp = false;
  /** Lines waiting out the configured latency, applied in arrival order. */
  #delayed: Promise<void> = Promise.resolve();
  /** Bumped when a stream ends, so delayed lines of a dead stream are dropped. */
  #streamGeneration = 0;

  private constructor(options: ReplicaOptions) {
    this.#options = options;
    this.#file = join(options.dir, options.dbName);
    this.#db = openDatabase(this.#file, "replica");
    removePrimaryFile(options.dir);
    this.tracker = new PositionTracker(readPosition(this.#db), (position) =>
      writePosFile(options.dir, options.dbName, position),
    );
    this.readers = new ExecutorPool({
      size: options.readers,
      settings: { kind: "reader", file: this.#file },
      log: options.log,
    });
  }

  /** Opens the database, starts the readers, and starts following the primary. */
  static async start(options: ReplicaOptions): Promise<Replica> {
    const replica = new Replica(options);
    try {
      await replica.readers.start();
    } catch (error) {
      await replica.close();
      throw error;
    }
    replica.#loop = replica.#follow();
    return replica;
  }

  executors(): ReturnType<ExecutorPool["describe"]> {
    return this.readers.describe();
  }

  get primaryUrl(): string {
    return this.#options.primaryUrl;
  }

  health(): Health {
    return replicaHealth({
      primaryUrl: this.#options.primaryUrl,
      connected: this.#connected,
      lag: Math.max(0, this.#primaryTxid - this.tracker.current.txid),
      maxLag: this.#options.maxLag,
    });
  }

  async close(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
    this.tracker.close();
    await this.readers.close();
    this.#db.close();
    removePrimaryFile(this.#options.dir);
  }

  /**
   * Streams from the primary until closed, reconnecting with exponential backoff. A problem is
   * logged when it first occurs, not again on every retry while it lasts.
   */
  async #follow(): Promise<void> {
    let backoff = MIN_BACKOFF_MS;
    let lastProblem: string | undefined;
    while (!this.#stop.signal.aborted) {
      try {
        await this.#streamOnce().catch((error: unknown) => {
          if (error instanceof SnapshotRequired || error instanceof Diverged) {
            return this.#restoreSnapshot(error.message);
          }
          throw error;
        });
      } catch (error) {
        const problem = errorFields(error);
        if (!this.#stop.signal.aborted && problem.error !== lastProblem) {
          this.#options.log("error", { ...problem, during: "replication" });
        }
        lastProblem = problem.error;
      }
      if (this.#connected) {
        backoff = MIN_BACKOFF_MS;
        lastProblem = undefined;
      }
      this.#setDisconnected();
      await sleep(backoff, undefined, { signal: this.#stop.signal }).catch(() => undefined);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
    this.#setDisconnected();
  }

  /** One stream: resolves or throws when it ends, breaks, stalls, or jumps a transaction. */
  async #streamOnce(): Promise<void> {
    const attempt = new AbortController();
    const signal = AbortSignal.any([this.#stop.signal, attempt.signal]);
    this.#lastHeard = Date.now();
    const staleMs = this.#options.staleMs;
    const watchdog = setInterval(
      () => {
        if (Date.now() - this.#lastHeard > staleMs) {
          this.#setDisconnected();
          attempt.abort(new Error(`nothing from the primary for ${staleMs} ms`));
        }
      },
      Math.min(250, staleMs / 4),
    );
    try {
      const { txid, checksum } = this.tracker.current;
      this.#streamFrom = txid;
      const url = `${this.#options.primaryUrl}/stream?from=${txid}&checksum=${checksum}`;
      const res = await fetch(url, { signal, headers: this.#authorization });
      if (res.status === 410) {
        throw new SnapshotRequired(`primary asks for a snapshot: ${await res.text()}`);
      }
      if (!res.ok || res.body === null) throw await refusal(res, "GET /stream");
      const decoder = new TextDecoder();
      let pending = "";
      for await (const chunk of res.body) {
        this.#lastHeard = Date.now();
        pending += decoder.decode(chunk, { stream: true });
        let start = 0;
        for (let end = pending.indexOf("\n"); end !== -1; end = pending.indexOf("\n", start)) {
          const line = pending.slice(start, end);
          start = end + 1;
          if (line !== "") this.#receive(streamLineSchema.parse(JSON.parse(line)), attempt);
        }
        pending = pending.slice(start);
      }
      throw new Error("the primary closed the stream");
    } finally {
      clearInterval(watchdog);
      attempt.abort();
      this.#streamGeneration++;
    }
  }

  /** Handles a line now, or once the configured latency has passed since it arrived. */
  #receive(line: StreamLine, attempt: AbortController): void {
    const { latencyMs } = this.#options;
    if (latencyMs === 0) {
      this.#handle(line);
      return;
    }
    const due = Date.now() + latencyMs;
    const generation = this.#streamGeneration;
    this.#delayed = this.#delayed
      .then(() => sleep(Math.max(0, due - Date.now())))
      .then(() => {
        if (generation === this.#streamGeneration) this.#handle(line);
      })
      .catch((error: unknown) => attempt.abort(error));
  }

  #handle(line: StreamLine): void {
    if (line.type === "heartbeat") {
      this.#primaryTxid = Math.max(this.#primaryTxid, line.txid);
      if (!this.#connected) {
        this.#connected = true;
        writePrimaryFile(this.#options.dir, line.primary);
        this.#options.log("connected_to_primary", {
          primary: line.primary,
          url: this.#options.primaryUrl,
          from: this.#streamFrom,
          txid: this.tracker.current.txid,
          primaryTxid: line.txid,
        });
      }
    } else if (line.txid > this.tracker.current.txid) {
      this.tracker.set(applyTx(this.#db, this.tracker.current, line));
      this.#primaryTxid = Math.max(this.#primaryTxid, line.txid);
    }
    if (this.#connected && !this.#caughtUp && this.tracker.current.txid >= this.#primaryTxid) {
      this.#caughtUp = true;
      this.#options.log("caught_up", { txid: this.tracker.current.txid });
    }
  }

  get #authorization(): { authorization: string } {
    return authorizationHeaders(this.#options.secret);
  }

  #setDisconnected(): void {
    this.#caughtUp = false;
    if (!this.#connected) return;
    this.#connected = false;
    removePrimaryFile(this.#options.dir);
    this.#options.log("disconnected_from_primary", { url: this.#options.primaryUrl });
  }

  /** Downloads a snapshot, checks it, and swaps it in for the database file. */
  async #restoreSnapshot(reason: string): Promise<void> {
    const signal = AbortSignal.any([this.#stop.signal, AbortSignal.timeout(SNAPSHOT_TIMEOUT_MS)]);
    const res = await fetch(`${this.#options.primaryUrl}/snapshot`, {
      signal,
      headers: this.#authorization,
    });
    if (!res.ok) throw await refusal(res, "GET /snapshot");
    const data = Buffer.from(await res.arrayBuffer());
    const position = snapshotPosition(data);
    const announced = `${res.headers.get(SNAPSHOT_TXID_HEADER)}/${res.headers.get(SNAPSHOT_CHECKSUM_HEADER)}`;
    if (announced !== `${position.txid}/${position.checksum}`) {
      throw new Error(`snapshot holds ${position.txid}/${position.checksum}, not ${announced}`);
    }
    await this.readers.replaceAll(() => {
      this.#db.close();
      try {
        replaceDatabaseFile(this.#file, data);
      } finally {
        this.#db = openDatabase(this.#file, "replica");
      }
    });
    this.tracker.set(readPosition(this.#db));
    this.#primaryTxid = position.txid;
    this.#options.log("snapshot_restored", { txid: position.txid, reason, bytes: data.length });
  }
}

/** The error for the primary's refusal of a replication request, saying why when it is the secret. */
async function refusal(res: Response, request: string): Promise<Error> {
  await res.body?.cancel();
  const why = res.status === 401 ? ": it does not accept this node's secret" : "";
  return new Error(`primary answered ${res.status} to ${request}${why}`);
}
