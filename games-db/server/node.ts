// A games-db node (primary or replica of one SQLite database, with LiteFS's semantics): started
// from the command line (`GAMES_DB_SECRET=... tsx games-db/server/node.ts --name primary --port 5100
// --dir ...`) or in-process.
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import * as z from "zod";
import { createApiServer } from "./http-api";
import { errorFields, jsonLineLogger, type Logger } from "./log";
import { type NodeOptionsInput, nodeOptionsSchema, parseCliOptions, USAGE } from "./options";
import { Primary } from "./primary";
import { Replica } from "./replica";

export interface RunningNode {
  name: string;
  role: "primary" | "replica";
  /** The node's base URL, e.g. http://127.0.0.1:5100. */
  url: string;
  /** Stops serving, ends replication streams and closes the database. */
  close(): Promise<void>;
}

/** Starts a node; `log` defaults to JSON lines on stdout. */
export async function startNode(input: NodeOptionsInput & { log?: Logger }): Promise<RunningNode> {
  const { log: customLog, ...rest } = input;
  const options = nodeOptionsSchema.parse(rest);
  const log = customLog ?? jsonLineLogger(options.name);
  mkdirSync(options.dir, { recursive: true });
  const place = { dir: options.dir, dbName: options.db, readers: options.readers, log };
  const role =
    options.primaryUrl === undefined
      ? await Primary.start({
          ...place,
          name: options.name,
          retain: options.retain,
          heartbeatMs: options.heartbeatMs,
        })
      : await Replica.start({
          ...place,
          primaryUrl: options.primaryUrl,
          maxLag: options.maxLag,
          staleMs: options.staleMs,
          latencyMs: options.latencyMs,
          secret: options.secret,
        });
  const server = createApiServer({
    name: options.name,
    role,
    log,
    secret: options.secret,
    statementTimeoutMs: options.statementTimeoutMs,
    migrationTimeoutMs: options.migrationTimeoutMs,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, resolve);
    });
  } catch (error) {
    await role.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;
  log("started", {
    role: role.kind,
    url,
    dir: options.dir,
    txid: role.tracker.current.txid,
    readers: options.readers,
    statementTimeoutMs: options.statementTimeoutMs,
  });
  return {
    name: options.name,
    role: role.kind,
    url,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await role.close();
      await closed;
      log("stopped");
    },
  };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliOptions>;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
    process.stderr.write(`${message}\n${USAGE}\n`);
    process.exit(2);
  }
  const log = jsonLineLogger(options.name);
  const fatal = (error: unknown) => {
    log("error", { ...errorFields(error), fatal: true });
    process.exit(1);
  };
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
  const node = await startNode({ ...options, log }).catch(fatal);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    node.close().then(() => process.exit(0), fatal);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
