// A child process of the local stack: spawned with its output streamed line by line
// under a prefix, waited on until healthy, and stopped by its PID (SIGTERM, then
// SIGKILL). A child that dies on its own is reported through `exited`.
//
// Each child runs in a process group of its own, so a terminal's Ctrl-C reaches only
// `npm start`, which then stops the children in order: none of them dies before it is
// asked to, so none is mistaken for a crash. Because the terminal no longer stops them,
// every child still running when this process exits or dies of a signal is killed then
// (only a SIGKILL of this process leaves them behind).
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";

export type LogSink = (component: string, line: string) => void;

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code when the process ends without having been asked to. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  log: LogSink;
}

/** Every child spawned here that has not exited yet, in the order they were started. */
const running = new Set<ManagedProcess>();

export function spawnManaged({ name, command, args, cwd, env, log }: SpawnOptions): ManagedProcess {
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", (line) => log(name, line));
  }

  let stopping = false;
  const ended = new Promise<number | null>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.once("error", () => resolve(127));
  });
  const exited = new Promise<number | null>((resolve) => {
    void ended.then((code) => {
      if (!stopping) resolve(code);
    });
  });

  const managed: ManagedProcess = {
    name,
    pid,
    exited,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(pid, "SIGTERM");
      const finished = await Promise.race([ended.then(() => true), sleep(5000).then(() => false)]);
      if (!finished) {
        signalGroup(pid, "SIGKILL");
        await ended;
      }
    },
  };
  running.add(managed);
  void ended.then(() => running.delete(managed));
  return managed;
}

/** Stops every child still running, the last started first (on an interrupted start). */
export async function stopEveryProcess(): Promise<void> {
  for (const child of [...running].reverse()) await child.stop();
}

/** True while a process with this pid exists, whoever owns it. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
}

/** Signals a child's whole process group: the child and anything it started itself. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

// The last resort, for children that were never stopped: this process exits (an uncaught
// error, process.exit), or a signal would end it (a test runner's worker, a benchmark)
// because nothing else handles it. `npm start` handles its signals itself, in order.
function killEveryChild(): void {
  for (const child of running) signalGroup(child.pid, "SIGKILL");
}
process.on("exit", killEveryChild);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, function dieWithChildren() {
    if (process.listenerCount(signal) > 1) return; // someone else decides
    killEveryChild();
    process.off(signal, dieWithChildren);
    process.kill(process.pid, signal);
  });
}

/**
 * Polls `probe` until it returns true. Fails early if the process dies first, and
 * after `timeoutMs` with a message naming the component; a process that never became
 * healthy is stopped before the error is thrown, so none is left behind.
 */
export async function waitUntilHealthy(
  component: ManagedProcess | undefined,
  name: string,
  probe: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void component?.exited.then(() => {
    died = true;
  });
  while (!died && Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(200);
  }
  await component?.stop();
  throw new Error(
    died
      ? `${name} exited before it became healthy (see its log above)`
      : `${name} did not become healthy within ${timeoutMs / 1000} s`,
  );
}

/** True when an HTTP GET to `url` answers with a status accepted by `accept`. */
export async function httpAnswers(
  url: string,
  accept: (status: number) => boolean = (status) => status < 500,
): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.arrayBuffer();
  return accept(response.status);
}
