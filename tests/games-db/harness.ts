// Runs games-db nodes for the cluster tests: free ports, temporary directories, nodes in this
// process or as child processes, a TCP proxy that can stall a replica's link, and cleanup.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { authorizationHeaders, SECRET_ENV } from "../../games-db/protocol/auth";
import { type NodeStatus, nodeStatusSchema } from "../../games-db/protocol/sql-api";
import type { Logger } from "../../games-db/server/log";
import { type RunningNode, startNode } from "../../games-db/server/node";
import type { NodeOptionsInput } from "../../games-db/server/options";
import {
  createGamesDbClient,
  type GamesDbClient,
  type GamesDbMigrations,
} from "../../lib/games-db/client";
import { freePort } from "../support/free-port";
import { eventually } from "../support/poll";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const nodeScript = fileURLToPath(new URL("../../games-db/server/node.ts", import.meta.url));

/** Undo steps run in reverse order; all run even when some fail. */
export class Cleanup {
  readonly #steps: (() => unknown)[] = [];

  add(step: () => unknown): void {
    this.#steps.push(step);
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const step of this.#steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, "cleanup failed");
  }
}

/** The secret the test nodes share. */
export const TEST_SECRET = "games-db-test-secret";

export async function readStatus(url: string, secret = TEST_SECRET): Promise<NodeStatus> {
  const response = await fetch(`${url}/status`, {
    headers: authorizationHeaders(secret),
    signal: AbortSignal.timeout(2000),
  });
  return nodeStatusSchema.parse(await response.json());
}

/**
 * A primary and a replica in this process, in a temporary directory (which `cleanup` removes
 * with them), with the test secret, quick heartbeats and `options`; a client of both; and a
 * table `notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`, migrated, with `notes` in it.
 */
export async function startPrimaryAndReplica(
  cleanup: Cleanup,
  options: Omit<NodeOptionsInput, "name" | "port" | "dir" | "primaryUrl" | "secret">,
  notes: readonly string[],
  logOf: (node: string) => Logger = () => () => undefined,
): Promise<{
  root: string;
  primary: RunningNode;
  replica: RunningNode;
  client: GamesDbClient & GamesDbMigrations;
}> {
  const root = mkdtempSync(join(tmpdir(), "games-db-"));
  cleanup.add(() => rmSync(root, { recursive: true, force: true }));
  const common = { heartbeatMs: 200, staleMs: 1000, secret: TEST_SECRET, ...options };
  const start = async (name: string, primaryUrl?: string) => {
    const node = await startNode({
      ...common,
      name,
      port: await freePort(),
      dir: join(root, name),
      primaryUrl,
      log: logOf(name),
    });
    cleanup.add(() => node.close());
    return node;
  };
  const primary = await start("primary");
  const replica = await start("replica", primary.url);
  const client = createGamesDbClient({ nodes: [primary.url, replica.url], secret: TEST_SECRET });
  await client.migrate({
    id: "notes",
    statements: [{ sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)" }],
  });
  await client.exec(
    notes.map((body) => ({ sql: "INSERT INTO notes (body) VALUES (?)", params: [body] })),
  );
  return { root, primary, replica, client };
}

/** A POST to a node with the test secret; the answer's status and JSON body. */
export async function post(url: string, path: string, body: unknown, secret = TEST_SECRET) {
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { ...authorizationHeaders(secret), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export interface SpawnedNode {
  url: string;
  child: ChildProcess;
  /** The node's stdout, one JSON event per line. */
  events: Record<string, unknown>[];
  exited: Promise<unknown>;
}

/**
 * Runs `node --import tsx games-db/server/node.ts <args>` with the test secret in its environment
 * and waits until it answers /status.
 */
export async function spawnNode(port: number, args: string[]): Promise<SpawnedNode> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", nodeScript, "--port", String(port), ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, [SECRET_ENV]: TEST_SECRET },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const events: Record<string, unknown>[] = [];
  let stderr = "";
  let pending = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line !== "") events.push(JSON.parse(line));
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, "exit");
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  await eventually(`node on port ${port}`, async () => {
    if (gone) throw new Error(`node exited early: ${stderr}`);
    return readStatus(url);
  });
  return { url, child, events, exited };
}

/** Kills a child node if it still runs and waits for it to go. */
export async function stopSpawned(node: SpawnedNode, signal: NodeJS.Signals): Promise<void> {
  if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill(signal);
  await node.exited;
}

/** A TCP proxy to a local port whose traffic can be held back, as a stalled network would. */
export class StallingProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #held: [Socket, Buffer][] = [];
  #paused = false;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(targetPort: number): Promise<StallingProxy> {
    const server = createServer();
    const proxy = new StallingProxy(server);
    server.on("connection", (client) => proxy.#relay(client, targetPort));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return proxy;
  }

  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === "string") throw new Error("proxy not listening");
    return `http://127.0.0.1:${address.port}`;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    for (const [to, chunk] of this.#held.splice(0)) if (!to.destroyed) to.write(chunk);
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.#server.close();
    await once(this.#server, "close");
  }

  #relay(client: Socket, targetPort: number): void {
    const upstream = connect(targetPort, "127.0.0.1");
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.#sockets.add(from);
      from.on("data", (chunk: Buffer) => {
        if (this.#paused) this.#held.push([to, chunk]);
        else to.write(chunk);
      });
      from.on("close", () => {
        this.#sockets.delete(from);
        to.destroy();
      });
      from.on("error", () => to.destroy());
    }
  }
}
