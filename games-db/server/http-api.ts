// The node's HTTP API: SQL over JSON (/query, /exec, /migrate), position and health (/status,
// /health), and, on the primary, replication (/stream, /snapshot). Every route but /health
// requires the nodes' secret; every answer but /stream's and /snapshot's is JSON.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type * as z from "zod";
import { AUTH_REALM } from "../protocol/auth";
import {
  SNAPSHOT_CHECKSUM_HEADER,
  SNAPSHOT_TXID_HEADER,
  streamRequestSchema,
} from "../protocol/replication";
import {
  DEFAULT_WAIT_MS,
  type ErrorBody,
  type ErrorCode,
  execRequestSchema,
  migrationRequestSchema,
  type NodeStatus,
  queryRequestSchema,
} from "../protocol/sql-api";
import { bearerTokenCheck } from "./auth";
import { NoExecutorFree, RequestRefused, StatementTimedOut } from "./executor-pool";
import { errorFields, type Logger } from "./log";
import type { Primary } from "./primary";
import type { Replica } from "./replica";

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** An answer other than success, thrown by a route and sent as a JSON error. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: Omit<ErrorBody["error"], "code" | "message"> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface NodeContext {
  name: string;
  role: Primary | Replica;
  log: Logger;
  /** The bearer token every route but /health requires. */
  secret: string;
  /** How long a statement of /query or /exec may run, and wait for an executor. */
  statementTimeoutMs: number;
  /** The same for the statements of a migration. */
  migrationTimeoutMs: number;
}

/** A route's handler; `abandoned` aborts when the client goes away. */
type Route = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  abandoned: AbortSignal,
) => Promise<void> | void;

export function createApiServer(node: NodeContext): Server {
  const routes: Record<string, Partial<Record<string, Route>>> = {
    "/query": { POST: (req, res, _url, abandoned) => query(node, req, res, abandoned) },
    "/exec": { POST: (req, res, _url, abandoned) => exec(node, req, res, abandoned) },
    "/migrate": { POST: (req, res, _url, abandoned) => migrate(node, req, res, abandoned) },
    "/status": { GET: (_req, res) => sendJson(res, 200, status(node)) },
    "/health": {
      GET: (_req, res) => {
        const { healthy, reason } = node.role.health();
        sendJson(
          res,
          healthy ? 200 : 503,
          reason === undefined ? { healthy } : { healthy, reason },
        );
      },
    },
    "/stream": { GET: (req, res, url) => stream(node, req, res, url) },
    "/snapshot": { GET: (_req, res) => snapshot(node, res) },
  };
  const authorized = bearerTokenCheck(node.secret);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://node");
    const abandoned = new AbortController();
    res.once("close", () => abandoned.abort(new Error("the client went away")));
    try {
      if (url.pathname !== "/health" && !authorized(req.headers.authorization)) {
        refuseUnauthorized(node, req, url);
      }
      const methods = routes[url.pathname];
      if (methods === undefined) throw new HttpError(404, "not_found", `no route ${url.pathname}`);
      const route = methods[req.method ?? ""];
      if (route === undefined) {
        const allowed = Object.keys(methods).join(", ");
        throw new HttpError(405, "method_not_allowed", `${url.pathname} accepts ${allowed}`);
      }
      await route(req, res, url, abandoned.signal);
    } catch (error) {
      sendError(node, res, url, error);
    }
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  return server;
}

/** Logs a request without the node's secret (never the header itself) and refuses it. */
function refuseUnauthorized(node: NodeContext, req: IncomingMessage, url: URL): never {
  node.log("unauthorized", {
    method: req.method,
    path: url.pathname,
    remote: req.socket.remoteAddress,
    ...(req.headers.authorization === undefined ? { reason: "no Authorization header" } : {}),
  });
  throw new HttpError(
    401,
    "unauthorized",
    "this node requires its secret as a bearer token: Authorization: Bearer <secret>",
    {},
    { "www-authenticate": `Bearer realm="${AUTH_REALM}"` },
  );
}

function status(node: NodeContext): NodeStatus {
  const { txid, checksum } = node.role.tracker.current;
  return {
    name: node.name,
    pid: process.pid,
    role: node.role.kind,
    txid,
    checksum,
    ...node.role.health(),
    executors: node.role.executors(),
  };
}

async function query(
  node: NodeContext,
  req: IncomingMessage,
  res: ServerResponse,
  abandoned: AbortSignal,
): Promise<void> {
  const request = parseBody(queryRequestSchema, await readJson(req));
  const { tracker } = node.role;
  if (request.minTxid !== undefined) {
    const reached = await tracker.waitFor(request.minTxid, request.waitMs ?? DEFAULT_WAIT_MS);
    if (!reached) {
      const txid = tracker.current.txid;
      throw new HttpError(
        409,
        "behind",
        `${node.name} is at TXID ${txid}, before ${request.minTxid}`,
        {
          txid,
        },
      );
    }
  }
  const limitMs = node.statementTimeoutMs;
  const { sql, params } = request;
  const answer = await node.role.readers.use(
    (reader) => reader.request({ type: "query", sql, params }, limitMs),
    { waitMs: limitMs, signal: abandoned },
  );
  sendJsonText(res, 200, answer);
}

async function exec(
  node: NodeContext,
  req: IncomingMessage,
  res: ServerResponse,
  abandoned: AbortSignal,
): Promise<void> {
  const { primary, request } = await writeRequest(node, req, execRequestSchema);
  const limits = { limitMs: node.statementTimeoutMs, signal: abandoned };
  sendJson(res, 200, await primary.exec(request.statements, limits));
}

async function migrate(
  node: NodeContext,
  req: IncomingMessage,
  res: ServerResponse,
  abandoned: AbortSignal,
): Promise<void> {
  const { primary, request } = await writeRequest(node, req, migrationRequestSchema);
  const limits = { limitMs: node.migrationTimeoutMs, signal: abandoned };
  sendJson(res, 200, await primary.migrate(request, limits));
}

/** The body of a write, parsed, and the primary to run it; a replica refuses writes. */
async function writeRequest<T extends z.ZodType>(
  node: NodeContext,
  req: IncomingMessage,
  schema: T,
): Promise<{ primary: Primary; request: z.infer<T> }> {
  const body = await readJson(req);
  return { primary: requireWritable(node), request: parseBody(schema, body) };
}

function requireWritable(node: NodeContext): Primary {
  const { role } = node;
  if (role.kind === "primary") return role;
  throw new HttpError(
    403,
    "read_only",
    `${node.name} is a replica; send writes to the primary at ${role.primaryUrl}`,
    { primary: role.primaryUrl },
  );
}

function stream(node: NodeContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const primary = requirePrimary(node);
  const { from, checksum } = parseBody(streamRequestSchema, Object.fromEntries(url.searchParams));
  const caughtUp = primary.catchUp(from, checksum);
  if ("snapshot" in caughtUp) {
    throw new HttpError(410, "snapshot_required", `${caughtUp.snapshot}; fetch GET /snapshot`);
  }
  primary.streams.open(res, caughtUp.lines, { from, remote: req.socket.remoteAddress });
}

function snapshot(node: NodeContext, res: ServerResponse): void {
  const { data, position } = requirePrimary(node).snapshot();
  res.writeHead(200, {
    "content-type": "application/vnd.sqlite3",
    "content-length": data.length,
    [SNAPSHOT_TXID_HEADER]: String(position.txid),
    [SNAPSHOT_CHECKSUM_HEADER]: position.checksum,
  });
  res.end(data);
  node.log("snapshot_served", { txid: position.txid, bytes: data.length });
}

function requirePrimary(node: NodeContext): Primary {
  if (node.role.kind === "primary") return node.role;
  throw new HttpError(403, "not_primary", `${node.name} is a replica; replicate from the primary`);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpError(
        413,
        "too_large",
        `request bodies are limited to ${MAX_BODY_BYTES} bytes`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "bad_request", "the request body is not valid JSON");
  }
}

function parseBody<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => ({
    path: issue.path.join(".") || "(body)",
    message: issue.message,
  }));
  throw new HttpError(400, "bad_request", "the request is invalid", { fields });
}

function sendError(node: NodeContext, res: ServerResponse, url: URL, error: unknown): void {
  if (res.destroyed) return; // the client went away; nobody is left to answer
  const answer = httpErrorFor(node, url, error);
  sendJson(
    res,
    answer.status,
    { error: { code: answer.code, message: answer.message, ...answer.details } },
    answer.headers,
  );
}

/** The answer for a failure: the request's fault (4xx), the node being busy (503), or a defect. */
function httpErrorFor(node: NodeContext, url: URL, error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof RequestRefused) {
    const { code, message, ...details } = error.refusal.error;
    return new HttpError(error.refusal.status, code, message, details);
  }
  if (error instanceof StatementTimedOut) {
    // The statement is at fault, not the node: it would run as long on any node, so a 4xx tells
    // the client not to try it elsewhere, nor to count it against this node's health.
    node.log("statement_timeout", { path: url.pathname, limitMs: error.limitMs, pid: error.pid });
    const what =
      url.pathname === "/query" ? "the statement ran longer than" : "the batch ran longer than";
    const committed = url.pathname === "/query" ? "" : "; nothing of it was committed";
    return new HttpError(
      400,
      "statement_timeout",
      `${what} this node's limit of ${error.limitMs} ms and was stopped${committed}`,
      { limitMs: error.limitMs },
    );
  }
  if (error instanceof NoExecutorFree) {
    return new HttpError(
      503,
      "busy",
      `every executor of ${node.name} stayed busy for ${error.limitMs} ms; try again, or another node`,
      { limitMs: error.limitMs },
      { "retry-after": "1" },
    );
  }
  node.log("error", errorFields(error));
  return new HttpError(500, "internal", "internal error");
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
