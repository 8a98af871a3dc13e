// A child process of the local stack: spawned with its output streamed line by line
// under a prefix, waited on until healthy, and stopped by its PID (SIGTERM, then
// SIGKILL). A child that dies on its own is reported through `exited`.
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

export function spawnManaged({ name, command, args, cwd, env, log }: SpawnOptions): ManagedProcess {
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
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

  return {
    name,
    pid: child.pid,
    exited,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const finished = await Promise.race([ended.then(() => true), sleep(5000).then(() => false)]);
      if (!finished) {
        child.kill("SIGKILL");
        await ended;
      }
    },
  };
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
