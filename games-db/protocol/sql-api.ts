// The HTTP protocol of a games-db node (bodies of /query, /exec, /migrate, /status and errors),
// shared by the node program, which parses requests with it, and the client, which parses responses.
import * as z from "zod";
import { wireIntegerSchema, wireValueSchema } from "./wire-values";

export const DEFAULT_WAIT_MS = 1000;
export const MAX_WAIT_MS = 5000;

const txidSchema = z.number().int().min(0);

/** Positional (`?`) or named (`:name`, `@name`, `$name`, given without the prefix) parameters. */
export const sqlParamsSchema = z.union([
  z.array(wireValueSchema),
  z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), wireValueSchema),
]);
export type WireParams = z.infer<typeof sqlParamsSchema>;

export const queryRequestSchema = z.strictObject({
  sql: z.string().min(1),
  params: sqlParamsSchema.optional(),
  minTxid: txidSchema.optional(),
  waitMs: z.number().int().min(0).max(MAX_WAIT_MS).optional(),
});
export type QueryRequest = z.infer<typeof queryRequestSchema>;

export const statementSchema = z.strictObject({
  sql: z.string().min(1),
  params: sqlParamsSchema.optional(),
});
export type WireStatement = z.infer<typeof statementSchema>;

export const execRequestSchema = z.strictObject({
  statements: z.array(statementSchema).min(1).max(1000),
});
export type ExecRequest = z.infer<typeof execRequestSchema>;

/**
 * A schema migration: statements that may change the schema, applied once under an id. The
 * primary records the id and a checksum of the statements; the same id again changes nothing,
 * and the same id with other statements is refused.
 */
export const migrationRequestSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$/,
      "1 to 200 letters, digits, '_', '.', ':', '/' or '-'",
    ),
  statements: z.array(statementSchema).min(1).max(1000),
});
export type MigrationRequest = z.infer<typeof migrationRequestSchema>;

export const queryResponseSchema = z.object({
  rows: z.array(z.record(z.string(), wireValueSchema)),
  txid: txidSchema,
});
export type QueryResponse = z.infer<typeof queryResponseSchema>;

export const execResponseSchema = z.object({
  txid: txidSchema,
  results: z.array(
    z.object({ changes: z.number().int().min(0), lastInsertRowid: wireIntegerSchema }),
  ),
});
export type ExecResponse = z.infer<typeof execResponseSchema>;

export const migrationResponseSchema = z.object({
  id: z.string(),
  /** False when the migration had been applied before: nothing was done this time. */
  applied: z.boolean(),
  /** The primary's position afterwards. */
  txid: txidSchema,
});
export type MigrationResponse = z.infer<typeof migrationResponseSchema>;

export const nodeStatusSchema = z.object({
  name: z.string(),
  /** The node's process id, for operators (kill it to see the cluster cope). */
  pid: z.number().int().optional(),
  role: z.enum(["primary", "replica"]),
  txid: txidSchema,
  checksum: z.string().regex(/^[0-9a-f]{16}$/),
  primary: z.string().nullable(),
  connected: z.boolean(),
  lag: z.number().int().min(0),
  healthy: z.boolean(),
  reason: z.string().optional(),
  /** The processes that run the node's statements, for operators. */
  executors: z
    .array(
      z.object({ pid: z.number().int(), kind: z.enum(["reader", "writer"]), busy: z.boolean() }),
    )
    .optional(),
});
export type NodeStatus = z.infer<typeof nodeStatusSchema>;

export const errorCodes = [
  "bad_request",
  "unauthorized",
  "sql_error",
  "not_a_query",
  "schema_change_refused",
  "migration_conflict",
  "statement_timeout",
  "busy",
  "read_only",
  "behind",
  "not_primary",
  "snapshot_required",
  "not_found",
  "method_not_allowed",
  "too_large",
  "internal",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** `behind`: the node's position. */
    txid: txidSchema.optional(),
    /** `read_only`: where writes go. */
    primary: z.string().optional(),
    /** `sql_error`: SQLite's extended result code, such as `SQLITE_CONSTRAINT_UNIQUE`. */
    sqliteCode: z.string().optional(),
    /** `statement_timeout`: how long a statement may run; `busy`: how long it may wait. */
    limitMs: z.number().int().optional(),
    /** `bad_request`: the offending fields. */
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
