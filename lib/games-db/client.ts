// The games-db client used by Lambda handlers: writes go to the primary, reads are spread over
// healthy nodes, and a read given a TXID is served only by a node that has reached it.
import * as z from "zod";
import {
  errorBodySchema,
  execResponseSchema,
  MAX_WAIT_MS,
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

export interface GamesDbClient {
  /** Runs the statements as one transaction on the primary. Never retried once sent. */
  exec(statements: readonly Statement[]): Promise<ExecResult>;
  /** Runs a read-only statement on a healthy node; with `minTxid`, on one that reached it. */
  query(sql: string, params?: SqlParams, options?: QueryOptions): Promise<QueryResult>;
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
});

export type GamesDbClientOptions = z.input<typeof clientOptionsSchema> & {
  fetch?: typeof fetch;
};

const STATUS_TIMEOUT_MS = 1000;

export function createGamesDbClient(input: GamesDbClientOptions): GamesDbClient {
  const { fetch: fetchImpl = globalThis.fetch, ...rest } = input;
  const options = clientOptionsSchema.parse(rest);
  const pool = new NodePool({
    urls: options.nodes,
    ttlMs: options.healthTtlMs,
    timeoutMs: Math.min(STATUS_TIMEOUT_MS, options.requestTimeoutMs),
    fetch: fetchImpl,
  });
  let turn = 0;

  async function post(url: string, body: unknown, timeoutMs: number) {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  async function exec(statements: readonly Statement[]): Promise<ExecResult> {
    const body = {
      statements: statements.map(({ sql, params }) =>
        params === undefined ? { sql } : { sql, params: encodeParams(params) },
      ),
    };
    // A second attempt only follows a refusal by a node that is no longer the primary.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (attempt > 0 || pool.primary === undefined) pool.invalidate();
      await pool.ready();
      const primary = pool.primary;
      if (primary === undefined) {
        throw new GamesDbUnavailable(`no games-db primary among ${options.nodes.join(", ")}`);
      }
      let response: Awaited<ReturnType<typeof post>>;
      try {
        response = await post(`${primary.url}/exec`, body, options.requestTimeoutMs);
      } catch (error) {
        pool.markFailed(primary.url);
        pool.invalidate();
        throw new GamesDbUnavailable(
          `games-db primary ${primary.url} failed (${describe(error)}); the write may or may not have been applied`,
        );
      }
      if (response.status === 200) {
        const result = parseAnswer(execResponseSchema, response.body, primary.url);
        pool.observe(primary.url, result.txid);
        return {
          txid: result.txid,
          results: result.results.map(({ changes, lastInsertRowid }) => ({
            changes,
            lastInsertRowid: decodeInteger(lastInsertRowid),
          })),
        };
      }
      const { error } = nodeError(response.body, response.status);
      if (error.code !== "read_only") throw error;
    }
    throw new GamesDbUnavailable("the games-db nodes disagree on which one is the primary");
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
      if (response.status === 400) throw error;
      if (error.code === "behind") {
        if (txid !== undefined) pool.observe(url, txid);
      } else {
        pool.markFailed(url);
      }
      failures.push(`${url}: ${error.message}`);
    }
    if (fromPrimary && primaryUrl === undefined) pool.invalidate();
    throw new GamesDbUnavailable(
      `no games-db node served the read: ${failures.join("; ") || "no primary known"}`,
    );
  }

  return { exec, query };
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
