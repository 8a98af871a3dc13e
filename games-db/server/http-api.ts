// The node's HTTP API: SQL over JSON (/query, /exec), position and health (/status, /health),
// and, on the primary, replication (/stream, /snapshot). Every answer but those two is JSON.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type * as z from "zod";
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
  type NodeStatus,
  queryRequestSchema,
} from "../protocol/sql-api";
import { errorFields, type Logger } from "./log";
import type { Primary } from "./primary";
import { NotAQuery, runQuery } from "./read-query";
import type { Replica } from "./replica";
import { SqlFailure } from "./sql-failure";

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** An answer other than success, thrown by a route and sent as a JSON error. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: Omit<ErrorBody["error"], "code" | "message"> = {},
  ) {
    super(message);
  }
}

interface NodeContext {
  name: string;
  role: Primary | Replica;
  log: Logger;
}

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export function createApiServer(node: NodeContext): Server {
  const routes: Record<string, Partial<Record<string, Route>>> = {
    "/query": { POST: (req, res) => query(node, req, res) },
    "/exec": { POST: (req, res) => exec(node, req, res) },
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
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://node");
    try {
      const methods = routes[url.pathname];
      if (methods === undefined) throw new HttpError(404, "not_found", `no route ${url.pathname}`);
      const route = methods[req.method ?? ""];
      if (route === undefined) {
        const allowed = Object.keys(methods).join(", ");
        throw new HttpError(405, "method_not_allowed", `${url.pathname} accepts ${allowed}`);
      }
      await route(req, res, url);
    } catch (error) {
      sendError(node, res, error);
    }
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  return server;
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
  };
}

async function query(node: NodeContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
  const rows = runQuery(node.role.database, request.sql, request.params);
  sendJson(res, 200, { rows, txid: tracker.current.txid });
}

async function exec(node: NodeContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req);
  const { role } = node;
  if (role.kind === "replica") {
    throw new HttpError(
      403,
      "read_only",
      `${node.name} is a replica; send writes to the primary at ${role.primaryUrl}`,
      { primary: role.primaryUrl },
    );
  }
  sendJson(res, 200, role.exec(parseBody(execRequestSchema, body).statements));
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

function sendError(node: NodeContext, res: ServerResponse, error: unknown): void {
  if (error instanceof HttpError) {
    sendJson(res, error.status, {
      error: { code: error.code, message: error.message, ...error.details },
    });
  } else if (error instanceof SqlFailure) {
    const details = error.sqliteCode === undefined ? {} : { sqliteCode: error.sqliteCode };
    sendJson(res, 400, { error: { code: "sql_error", message: error.message, ...details } });
  } else if (error instanceof NotAQuery) {
    sendJson(res, 400, { error: { code: "not_a_query", message: error.message } });
  } else {
    node.log("error", errorFields(error));
    sendJson(res, 500, { error: { code: "internal", message: "internal error" } });
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
