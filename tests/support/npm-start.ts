// `npm start` as a developer runs it, for the tests of the command itself: a child process
// in a process group of its own, as a terminal's foreground job is, so that interrupt()
// is a terminal's Ctrl-C (SIGINT to the whole group). Settings come from the environment:
// usually freshStartSettings(), free ports and a temporary data directory.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { signalGroup } from "../../local/process";
import { freePorts } from "./free-port";
import { eventually } from "./poll";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
/** A start on a loaded two-core machine: DynamoDB Local, three nodes, 17 bundles. */
const START_TIMEOUT_MS = 240_000;

export interface StartSettings {
  env: Record<string, string>;
  httpPort: number;
  dataDir: string;
  /** Removes the data directory. */
  removeData(): void;
}

/** Free ports and an empty temporary data directory, as AGORA_* variables. */
export async function freshStartSettings(): Promise<StartSettings> {
  const [http, lambda, dynamodb, redis, ...rest] = await freePorts(10);
  const gamesDb = rest.slice(0, 3);
  const ratingsShards = rest.slice(3);
  if (http === undefined || lambda === undefined || dynamodb === undefined || !redis) {
    throw new Error("no free ports");
  }
  const dataDir = mkdtempSync(join(tmpdir(), "agora-npm-start-"));
  return {
    env: {
      AGORA_DATA_DIR: dataDir,
      AGORA_HTTP_PORT: String(http),
      AGORA_LAMBDA_PORT: String(lambda),
      AGORA_DYNAMODB_PORT: String(dynamodb),
      AGORA_REDIS_PORT: String(redis),
      AGORA_GAMES_DB_PORTS: gamesDb.join(","),
      RATINGS_SHARDS: String(ratingsShards.length),
      RATINGS_SHARD_PORTS: ratingsShards.join(","),
    },
    httpPort: http,
    dataDir,
    removeData: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export interface NpmStart {
  /** Everything it printed so far, stdout and stderr interleaved. */
  readonly output: string;
  /** What it printed on stderr. */
  readonly errors: string;
  /** Its exit code (128 + n for a signal). */
  readonly exited: Promise<number>;
  /** Resolves once "Agora is running" has been printed, with the pids of its table. */
  running(): Promise<Map<string, number>>;
  /** A terminal's Ctrl-C; resolves with the exit code. */
  interrupt(): Promise<number>;
}

/** Every start not yet known to have exited, for stopEveryStart(). */
const started = new Set<NpmStart>();

/** Interrupts every start still running: an afterAll's net when a test failed half-way. */
export async function stopEveryStart(): Promise<void> {
  await Promise.all([...started].map((start) => start.interrupt()));
}

export function npmStart(env: Record<string, string>): NpmStart {
  const child: ChildProcess = spawn("npm", ["start"], {
    cwd: repoRoot,
    env: { ...process.env, ...env, FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  let errors = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    errors += chunk;
  });
  const exited = new Promise<number>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? 128 + (signal === "SIGKILL" ? 9 : 2)));
  });
  let exitCode: number | undefined;
  void exited.then((code) => {
    exitCode = code;
  });

  const start: NpmStart = {
    get output() {
      return output;
    },
    get errors() {
      return errors;
    },
    exited,
    async running() {
      await eventually(
        "npm start to say Agora is running",
        () => {
          if (exitCode !== undefined) throw new Error(`npm start exited (${exitCode}):\n${output}`);
          return output.includes("Agora is running") ? true : undefined;
        },
        { timeoutMs: START_TIMEOUT_MS, intervalMs: 200 },
      );
      return componentPids(output);
    },
    async interrupt() {
      if (exitCode === undefined && child.pid !== undefined) signalGroup(child.pid, "SIGINT");
      return exited;
    },
  };
  started.add(start);
  void exited.then(() => started.delete(start));
  return start;
}

/** The pid column of the "Agora is running" table, by component name. */
function componentPids(output: string): Map<string, number> {
  const table = output.slice(output.indexOf("Agora is running"));
  const pids = new Map<string, number>();
  for (const match of table.matchAll(/^(\S.*?)\s{2,}(\S+:\/\/\S+)\s+(\d+)$/gm)) {
    const [, name, , pid] = match;
    if (name && pid) pids.set(name, Number(pid));
  }
  return pids;
}
