// What `npm start` checks before it touches anything, so that a second stack can never
// break a running one: the data directory is not in use by another stack (a lock file
// holding the owner's pid), and every port it would listen on is free. A refusal is one
// line naming the lock or port and the pid holding it.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describeHolder, listenersOn } from "./listeners";
import { isAlive } from "./process";

/** A start refused before anything was touched; its message is the one line to print. */
export class StartRefused extends Error {}

export const LOCK_FILE = "stack.lock";

/** The locks this process holds; released when it exits, however it exits. */
const held = new Set<DataDirLock>();
process.on("exit", () => {
  for (const lock of held) lock.release();
});

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/**
 * Takes the data directory for this process, or refuses when a live process holds it. A
 * lock whose process is gone (npm start was killed) is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (;;) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      const lock: DataDirLock = {
        path,
        release() {
          held.delete(lock);
          if (holderOf(path) === process.pid) rmSync(path, { force: true });
        },
      };
      held.add(lock);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = holderOf(path);
    if (holder !== undefined && isAlive(holder)) {
      throw new StartRefused(
        `the data directory ${dataDir} is in use by another stack: ${path} is held by pid ${holder}`,
      );
    }
    rmSync(path, { force: true }); // stale: its process is gone
  }
}

function holderOf(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export interface PortClaim {
  port: number;
  /** What would listen there, and the setting that moves it: "the gateway (AGORA_HTTP_PORT)". */
  purpose: string;
}

/** Refuses, naming the first busy port and its holder, unless every port is free on 127.0.0.1. */
export async function requireFreePorts(claims: PortClaim[]): Promise<void> {
  claims.forEach(({ port, purpose }, i) => {
    const other = claims.slice(0, i).find((claim) => claim.port === port);
    if (other)
      throw new StartRefused(`port ${port} is set for both ${other.purpose} and ${purpose}`);
  });
  for (const { port, purpose } of claims) {
    const problem = await bindProblem(port);
    if (problem === undefined) continue;
    if (problem === "EADDRINUSE") {
      throw new StartRefused(
        `port ${port}, for ${purpose}, is in use by ${describeHolder(listenersOn(port))}`,
      );
    }
    throw new StartRefused(`cannot listen on port ${port}, for ${purpose}: ${problem}`);
  }
}

/** Listens on the port for a moment; undefined when that worked, else the error code. */
function bindProblem(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => {
      server.close(() => resolve(undefined));
    });
  });
}
