// The games-db client used by Lambda handlers: writes and migrations go to the primary, reads are
// spread over healthy nodes, and a read given a TXID is served only by a node that has reached it.
// Every request carries the nodes' secret.

import * as z from "zod";
import { authorizationHeaders, nodeSecretSchema } from "../../games-db/protocol/auth";
import {
  errorBodySchema,
  execResponseSchema,
  MAX_WAIT_MS,
  migrationResponseSchema,
  queryResponseSchema,
  type WireParams,
} from "../../games-db/protocol/sql-api";
import {
  decodeInteger,
  decodeToJs,
  encodeJsValue,
  type SqlValue,
  type WireValue,
} from "../../games-db/protocol/wire-values";
import { withLoopAwareTimeout } from "../clients/loop-aware-timeout";
import { GamesDbError, GamesDbSqlError, GamesDbUnavailable } from "./errors";
import { NodePool } from "./node-pool";
import { planRead } from "./read-routing";

export type { SqlValue } from "../../games-db/protocol/wire-values";
export { GamesDbError, GamesDbSqlError, GamesDbUnavailable } from "./errors";

export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;
export type Row = Record<string, SqlValue>;

export interface Statement {
  sql: string;
  params?: SqlParams;
}

export interface ExecResult {
  /** The transaction's TXID (the current one when the batch changed nothing). */
  txid: number;
  results: { changes: number; lastInsertRowid: number | bigint }[];
}

export interface QueryResult {
  rows: Row[];
  /** The position of the node that answered. */
  txid: number;
  /** The base URL of the node that answered. */
  node: string;
  /** Whether that node is the primary (whose answer is never stale). */
  fromPrimary: boolean;
}

export interface QueryOptions {
  /** Serve the read only from a node that has reached this TXID. */
  minTxid?: number;
  /** Serve the read from the primary: for read-modify-write, or to confirm a miss. */
  fromPrimary?: boolean;
}

export interface Migration {
  /** Names the migration for good: the primary applies an id once, and refuses it with other statements. */
  id: string;
  /** Statements that may change the schema (CREATE, ALTER, DROP), and data changes beside them. */
  statements: readonly Statement[];
}

export interface MigrationResult {
  /** False when the primary had applied the migration before (it did nothing now). */
  applied: boolean;
  /** The primary's position afterwards. */
  txid: number;
}

/** What stores use: reads, and writes that change data (never the schema). */
export interface GamesDbClient {
  /**
   * Runs the statements as one transaction on the primary; schema changes are refused (they are
   * migrations). Never retried once sent.
   */
  exec(statements: readonly Statement[]): Promise<ExecResult>;
  /** Runs a read-only statement on a healthy node; with `minTxid`, on one that reached it. */
  query(sql: string, params?: SqlParams, options?: QueryOptions): Promise<QueryResult>;
}

/** What deploy-time code uses to change the schema. */
export interface GamesDbMigrations {
  /** Applies a migration on the primary, once; again with the same id, it does nothing. */
  migrate(migration: Migration): Promise<MigrationResult>;
}

const clientOptionsSchema = z.object({
  /** Base URLs of every node, in any order; roles are discovered from GET /status. */
  nodes: z
    .array(z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")))
    .min(1),
  /** How long a node may wait to reach a read's TXID before the read moves on. */
  readWaitMs: z.number().int().min(0).max(MAX_WAIT_MS).default(250),
  /** How old node statuses may get before a background refresh. */
  healthTtlMs: z.number().int().min(0).default(500),
  /** Timeout of one request (a read's wait comes on top). */
  requestTimeoutMs: z.number().int().min(1).default(5000),
  /** Timeout of a migration, which may rebuild large tables. */
  migrationTimeoutMs: z.number().int().min(1).default(120_000),
  /** The nodes' shared secret, sent as a bearer token on every request. */
  secret: nodeSecretSchema,
});

export type GamesDbClientOptions = z.input<typeof clientOptionsSchema> & {
  fetch?: typeof fetch;
};

const STATUS_TIMEOUT_MS = 1000;

export function createGamesDbClient(
  input: GamesDbClientOptions,
): GamesDbClient & GamesDbMigrations {
  const { fetch: fetchImpl = globalThis.fetch, ...rest } = input;
  const options = clientOptionsSchema.parse(rest);
  const headers = authorizationHeaders(options.secret);
  const pool = new NodePool({
    urls: options.nodes,
    ttlMs: options.healthTtlMs,
    timeoutMs: Math.min(STATUS_TIMEOUT_MS, options.requestTimeoutMs),
    headers,
    fetch: fetchImpl,
  });
  let turn = 0;

  function post(url: string, body: unknown, timeoutMs: number) {
    return withLoopAwareTimeout(timeoutMs, async (signal) => {
      const response = await fetchImpl(url, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal,
      });
      return { status: response.status, body: (await response.json()) as unknown };
    });
  }

  /**
   * Sends a write to the primary and returns its answer's body. A second attempt only follows a
   * refusal by a node that is no longer the primary; a node too busy to start it applied nothing.
   */
  async function writeToPrimary<T extends z.ZodType<{ txid: number }>>(
    path: "/exec" | "/migrate",
    body: unknown,
    timeoutMs: number,
    answerSchema: T,
  ): Promise<z.infer<T>> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (attempt > 0 || pool.primary === undefined) pool.invalidate();
      await pool.ready();
      const primary = pool.primary;
      if (primary === undefined) {
        throw new GamesDbUnavailable(`no games-db primary among ${options.nodes.join(", ")}`);
      }
      let response: Awaited<ReturnType<typeof post>>;
      try {
        response = await post(`${primary.url}${path}`, body, timeoutMs);
      } catch (error) {
        pool.markFailed(primary.url);
        pool.invalidate();
        throw new GamesDbUnavailable(
          `games-db primary ${primary.url} failed (${describe(error)}); the write may or may not have been applied`,
        );
      }
      if (response.status === 200) {
        const result = parseAnswer(answerSchema, response.body, primary.url);
        pool.observe(primary.url, result.txid);
        return result;
      }
      const { error } = nodeError(response.body, response.status);
      if (error.code === "busy") throw new GamesDbUnavailable(error.message);
      if (error.code !== "read_only") throw error;
    }
    throw new GamesDbUnavailable("the games-db nodes disagree on which one is the primary");
  }

  async function exec(statements: readonly Statement[]): Promise<ExecResult> {
    const body = { statements: statements.map(encodeStatement) };
    const result = await writeToPrimary(
      "/exec",
      body,
      options.requestTimeoutMs,
      execResponseSchema,
    );
    return {
      txid: result.txid,
      results: result.results.map(({ changes, lastInsertRowid }) => ({
        changes,
        lastInsertRowid: decodeInteger(lastInsertRowid),
      })),
    };
  }

  async function migrate({ id, statements }: Migration): Promise<MigrationResult> {
    const body = { id, statements: statements.map(encodeStatement) };
    const { applied, txid } = await writeToPrimary(
      "/migrate",
      body,
      options.migrationTimeoutMs,
      migrationResponseSchema,
    );
    return { applied, txid };
  }

  async function query(
    sql: string,
    params?: SqlParams,
    { minTxid, fromPrimary = false }: QueryOptions = {},
  ): Promise<QueryResult> {
    await pool.ready();
    const primaryUrl = pool.primary?.url;
    const plain = { sql, ...(params === undefined ? {} : { params: encodeParams(params) }) };
    const waiting =
      minTxid === undefined ? plain : { ...plain, minTxid, waitMs: options.readWaitMs };
    const failures: string[] = [];
    const plan = fromPrimary ? [primaryUrl ?? []].flat() : planRead(pool.views, minTxid, turn++);
    for (const url of plan) {
      // Every TXID there is was given by the primary, so the primary is never behind a read.
      const body = url === primaryUrl ? plain : waiting;
      let response: Awaited<ReturnType<typeof post>>;
      try {
        response = await post(
          `${url}/query`,
          body,
          options.requestTimeoutMs + (body === plain ? 0 : options.readWaitMs),
        );
      } catch (error) {
        pool.markFailed(url);
        failures.push(`${url}: ${describe(error)}`);
        continue;
      }
      if (response.status === 200) {
        const result = parseAnswer(queryResponseSchema, response.body, url);
        pool.observe(url, result.txid);
        return {
          rows: result.rows.map(decodeRow),
          txid: result.txid,
          node: url,
          fromPrimary: url === primaryUrl,
        };
      }
      const { error, txid } = nodeError(response.body, response.status);
      // The read itself is at fault (statement_timeout among them): any node would answer the same.
      if (response.status === 400) throw error;
      if (error.code === "behind") {
        if (txid !== undefined) pool.observe(url, txid);
      } else if (error.code !== "busy") {
        pool.markFailed(url);
      }
      failures.push(`${url}: ${error.message}`);
    }
    if (fromPrimary && primaryUrl === undefined) pool.invalidate();
    throw new GamesDbUnavailable(
      `no games-db node served the read: ${failures.join("; ") || "no primary known"}`,
    );
  }

  return { exec, migrate, query };
}

function encodeStatement({ sql, params }: Statement) {
  return params === undefined ? { sql } : { sql, params: encodeParams(params) };
}

function encodeParams(params: SqlParams): WireParams {
  if (isPositional(params)) return params.map(encodeJsValue);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, encodeJsValue(v)]));
}

function isPositional(params: SqlParams): params is readonly SqlValue[] {
  return Array.isArray(params);
}

function decodeRow(row: Record<string, WireValue>): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, decodeToJs(v)]));
}

function parseAnswer<T extends z.ZodType>(schema: T, body: unknown, url: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new GamesDbError(`games-db node ${url} answered in an unknown format`, "internal");
}

/** The typed error for a node's error answer, and the node's position if it said it. */
function nodeError(body: unknown, status: number): { error: GamesDbError; txid?: number } {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) {
    return { error: new GamesDbError(`games-db node answered ${status}`, "internal") };
  }
  const { code, message, sqliteCode, txid } = parsed.data.error;
  const error =
    code === "sql_error"
      ? new GamesDbSqlError(message, sqliteCode)
      : new GamesDbError(message, code);
  return { error, txid };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
