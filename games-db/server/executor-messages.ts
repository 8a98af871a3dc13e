// What a node and its executor processes say to each other over their IPC channel: the node sends
// one request at a time to an executor, and the executor answers each with one reply.
import type {
  ErrorBody,
  ErrorCode,
  ExecResponse,
  WireParams,
  WireStatement,
} from "../protocol/sql-api";
import type { Position } from "./position";

export type ExecutorKind = "reader" | "writer";

/**
 * What an executor needs to open its connection, given as its one argument (JSON): the database
 * file, and for the writer how many recent transactions the primary's log keeps.
 */
export type ExecutorSettings =
  | { kind: "reader"; file: string }
  | { kind: "writer"; file: string; retain: number };

/** Identifies a migration: its id and a checksum of its statements. */
export interface MigrationStamp {
  id: string;
  checksum: string;
}

export type ExecutorRequest =
  /** A reader: run one read-only statement. */
  | { type: "query"; sql: string; params?: WireParams }
  /** The writer: run a batch (or a migration's) in a transaction, and keep it open. */
  | { type: "write"; statements: WireStatement[]; migration?: MigrationStamp }
  /** The writer: commit the transaction the last `write` left open. */
  | { type: "commit" };

/** A write run to its end and waiting for the node to commit it. */
export interface StagedWrite {
  results: ExecResponse["results"];
  /** The position the transaction brings the database to (the current one if it changed nothing). */
  position: Position;
  /** A migration's: false when it had been applied before, so nothing was done. */
  applied: boolean;
}

export interface ExecutorReplies {
  /** The body of POST /query's answer, as JSON text (serialized by the executor, not the node). */
  query: string;
  write: StagedWrite;
  commit: null;
}

/** The node's answer to a request whose SQL was refused or failed. */
export interface Refusal {
  status: number;
  error: ErrorBody["error"] & { code: ErrorCode };
}

export type ExecutorReply =
  | { type: "ready" }
  | { type: "done"; value: ExecutorReplies[keyof ExecutorReplies] }
  | { type: "refused"; refusal: Refusal }
  | { type: "crashed"; message: string };
