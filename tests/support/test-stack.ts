// The local stack for tests and benchmarks: free ports, fresh data in a temporary
// directory, logs to a file there; stopping it removes every process and the directory.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningStack, startStack } from "../../local/stack";
import { freePorts } from "./free-port";

export interface TestStack extends RunningStack {
  logPath: string;
}

/**
 * replica2 lags this far behind in tests, so a read that ignored the caller's position
 * would see stale data often enough for the read-your-writes tests to notice.
 */
const TEST_REPLICA2_LATENCY_MS = 150;

/** Two gateway workers: enough for cross-instance behaviour (caches, revocation) to show. */
export const TEST_GATEWAY_WORKERS = 2;

/** As many ratings shards as `npm start` runs by default. */
export const TEST_RATINGS_SHARDS = 3;

export async function startTestStack(
  functionEnv: NodeJS.ProcessEnv = {},
  replica2LatencyMs = TEST_REPLICA2_LATENCY_MS,
  gatewayWorkers = TEST_GATEWAY_WORKERS,
): Promise<TestStack> {
  const dir = mkdtempSync(join(tmpdir(), "agora-test-"));
  const logPath = join(dir, "stack.log");
  const logFile = openSync(logPath, "a");
  let logOpen = true;
  // A child's last lines may still arrive after the stack stopped: they are dropped.
  const log = (component: string, line: string) => {
    if (logOpen) writeSync(logFile, `${component} | ${line}\n`);
  };
  const cleanUp = () => {
    logOpen = false;
    closeSync(logFile);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const [http, lambda, dynamodb, redis, ...rest] = await freePorts(7 + TEST_RATINGS_SHARDS);
    const gamesDb = rest.slice(0, 3);
    const ratingsShards = rest.slice(3);
    if (!http || !lambda || !dynamodb || !redis) throw new Error("no free ports");
    const stack = await startStack({
      dataDir: join(dir, "data"),
      toolsDir: ".local",
      fresh: true,
      ports: { http, lambda, dynamodb, redis, gamesDb, ratingsShards },
      external: {},
      replica2LatencyMs,
      gatewayWorkers,
      log,
      functionEnv,
    });
    return {
      ...stack,
      logPath,
      async stop() {
        try {
          await stack.stop();
        } finally {
          cleanUp();
        }
      },
    };
  } catch (error) {
    const tail = readFileSync(logPath, "utf8").split("\n").slice(-40).join("\n");
    console.error(`the test stack did not start; its log ends with:\n${tail}`);
    cleanUp();
    throw error;
  }
}
