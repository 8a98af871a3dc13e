// The local gateway as several warm serverless-offline workers behind one HTTP port and one
// Lambda Invoke port, as API Gateway runs many Lambda instances at once. Node's `cluster`
// shares the listening sockets: every worker runs `serverless offline start` in-process
// (handlers warm in each), and the primary hands each new connection to the next worker.
// Chosen over a proxy in front: no extra hop or copy of each request, and every worker
// stays a plain serverless-offline, unaware of the others.
//
// The primary also:
// - replaces a worker that dies (the others keep serving their requests meanwhile), but
//   fails when one dies before it was ever ready, or more than 5 die within a minute;
// - holds the workers' authorizer caches together as the stage's one cache: an answer one
//   worker keeps is handed to every other (offline-gateway-workers.cjs), and to a worker
//   that replaces one as it starts, so one login serves every worker, as one does every
//   Lambda instance behind API Gateway;
// - answers API Gateway's FlushStageAuthorizersCache on a loopback management port, by
//   telling every worker to forget its authorizer answers, so a deactivation is felt by
//   every worker before it returns; flushes are numbered (generations), and an answer
//   computed before a flush is not handed on after it;
// - prints `worker <n> ready (pid <pid>)` once each worker has warmed every function, and
//   `gateway ready: <n> workers` once all have (local/offline.ts waits for that line).
//
// Usage: node --import tsx local/gateway-primary.ts <workers> <serverless offline args...>
import cluster, { type Worker } from "node:cluster";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** Messages between the primary and the workers' plugin (offline-gateway-workers.cjs). */
const {
  AUTHORIZER_CACHE_FLUSHED,
  AUTHORIZER_CACHE_WANTED,
  AUTHORIZER_RESULT_KEPT,
  AUTHORIZER_RESULT_SHARED,
  FLUSH_AUTHORIZER_CACHE,
  WORKER_READY,
} = createRequire(import.meta.url)("./serverless-plugins/gateway-messages.cjs") as Record<
  | "AUTHORIZER_CACHE_FLUSHED"
  | "AUTHORIZER_CACHE_WANTED"
  | "AUTHORIZER_RESULT_KEPT"
  | "AUTHORIZER_RESULT_SHARED"
  | "FLUSH_AUTHORIZER_CACHE"
  | "WORKER_READY",
  string
>;

/** The REST API id the local stage's deactivations name when they flush the cache. */
export const LOCAL_REST_API_ID = "agora-local";

const WORKER = join("local", "gateway-worker.cjs");
const FLUSH_PATH = /^\/restapis\/[^/]+\/stages\/[^/]+\/cache\/authorizers$/;
const FLUSH_ACK_TIMEOUT_MS = 3000;
/** As many answers as a worker's cache holds (authorizer-result-cache.cjs). */
const MAX_CACHED_ANSWERS = 10_000;
/** More deaths than this within a minute, and the gateway gives up (as a crash loop). */
const MAX_DEATHS_PER_MINUTE = 5;
let flushCount = 0;
/** The authorizer cache's generation: how many flushes the stage has had. */
let cacheGeneration = 0;

interface Slot {
  number: number;
  worker: Worker;
  ready: boolean;
}

async function main(): Promise<void> {
  const [count, ...offlineArgs] = process.argv.slice(2);
  const workerCount = Number(count);
  if (!Number.isInteger(workerCount) || workerCount < 1) {
    throw new Error(`the worker count must be a positive integer, not ${count}`);
  }
  const workFolder = process.env.AGORA_ESBUILD_WORK_FOLDER ?? ".esbuild";
  const slots = new Map<number, Slot>();
  let stopping = false;
  let allReadyOnce = false;

  /** The stage's authorizer answers, by cache key: for workers that start later. */
  const stageCache = new Map<string, Record<string, unknown>>();
  const management = createServer((request, response) => {
    void answerManagement(request, response, [...slots.values()], stageCache);
  });
  await new Promise<void>((resolve) => management.listen(0, "127.0.0.1", resolve));
  const managementUrl = `http://127.0.0.1:${(management.address() as AddressInfo).port}`;

  cluster.setupPrimary({
    exec: WORKER,
    args: offlineArgs,
    execArgv: ["--enable-source-maps"],
    silent: true,
  });

  const fork = (number: number) => {
    const worker = cluster.fork({
      AGORA_GATEWAY_WORKER: String(number),
      // Each worker bundles into a folder of its own: esbuild's watchers must not collide.
      AGORA_ESBUILD_WORK_FOLDER: join(workFolder, `worker-${number}`),
      // Deactivations flush the authorizer caches through this primary, unless told of
      // another gateway to flush.
      AGORA_API_GATEWAY_ENDPOINT: process.env.AGORA_API_GATEWAY_ENDPOINT || managementUrl,
      AGORA_API_GATEWAY_REST_API_ID: process.env.AGORA_API_GATEWAY_REST_API_ID || LOCAL_REST_API_ID,
      AGORA_AUTHORIZER_CACHE_GENERATION: String(cacheGeneration),
    });
    const slot: Slot = { number, worker, ready: false };
    slots.set(number, slot);
    for (const stream of [worker.process.stdout, worker.process.stderr]) {
      if (stream) {
        createInterface({ input: stream }).on("line", (line) => console.log(`w${number} ${line}`));
      }
    }
    worker.on("message", (message: unknown) => {
      if (isMessage(message, AUTHORIZER_RESULT_KEPT)) return shareAnswer(message, worker);
      if (isMessage(message, AUTHORIZER_CACHE_WANTED)) {
        for (const answer of stageCache.values()) {
          if (Number(answer.expiresAt) > Date.now()) worker.send(answer);
        }
        return;
      }
      if (!isMessage(message, WORKER_READY)) return;
      slot.ready = true;
      console.log(`worker ${number} ready (pid ${worker.process.pid})`);
      if (!allReadyOnce && [...slots.values()].every((s) => s.ready)) {
        allReadyOnce = true;
        const pids = [...slots.values()].map((s) => `${s.number}:${s.worker.process.pid}`);
        console.log(`gateway ready: ${slots.size} workers (${pids.join(" ")})`);
      }
    });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      const how = signal ?? `code ${code}`;
      // One that never served would fail again (a bundle that does not build, a bad
      // setting): the gateway fails, as a single process would, rather than loop.
      if (!slot.ready) {
        console.error(`worker ${number} exited (${how}) before it was ready; stopping`);
        return void stop(1);
      }
      const now = Date.now();
      deaths = deaths.filter((at) => now - at < 60_000).concat(now);
      if (deaths.length > MAX_DEATHS_PER_MINUTE) {
        console.error(`workers died ${deaths.length} times within a minute; giving up`);
        return void stop(1);
      }
      console.error(`worker ${number} died (${how}); starting another`);
      fork(number);
    });
  };
  /** Hands an answer one worker kept to the others, unless a flush has come since. */
  const shareAnswer = (message: Record<string, unknown>, keptBy: Worker) => {
    if (message.generation !== cacheGeneration) return;
    const answer = { ...message, type: AUTHORIZER_RESULT_SHARED };
    const key = String(message.key);
    stageCache.delete(key);
    if (stageCache.size >= MAX_CACHED_ANSWERS) {
      stageCache.delete(stageCache.keys().next().value as string);
    }
    stageCache.set(key, answer);
    for (const { worker } of slots.values()) {
      if (worker !== keptBy && !worker.isDead()) worker.send(answer);
    }
  };
  let deaths: number[] = [];
  for (let number = 1; number <= workerCount; number++) fork(number);

  const stop = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    management.close();
    await Promise.all(
      [...slots.values()].map(
        ({ worker }) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once("exit", () => resolve());
            worker.process.kill("SIGTERM");
            setTimeout(() => worker.process.kill("SIGKILL"), 5000).unref();
          }),
      ),
    );
    process.exit(exitCode);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => void stop());
  }
}

/** FlushStageAuthorizersCache (DELETE .../cache/authorizers): relayed to every worker. */
async function answerManagement(
  request: IncomingMessage,
  response: ServerResponse,
  slots: Slot[],
  stageCache: Map<string, unknown>,
): Promise<void> {
  request.resume();
  const answer = (status: number, body: unknown): void => {
    response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  };
  if (request.method !== "DELETE" || !FLUSH_PATH.test(request.url ?? "")) {
    return answer(404, { message: "not found" });
  }
  cacheGeneration += 1;
  stageCache.clear();
  const flushed = await Promise.all(
    slots.map(({ worker }) => flushWorker(worker, cacheGeneration)),
  );
  if (flushed.every(Boolean)) return answer(202, {});
  answer(503, { message: "some workers did not confirm the flush" });
}

function flushWorker(worker: Worker, generation: number): Promise<boolean> {
  if (worker.isDead()) return Promise.resolve(true); // its replacement starts empty
  const id = ++flushCount;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      resolve(ok);
    };
    const onMessage = (message: unknown) => {
      if (isMessage(message, AUTHORIZER_CACHE_FLUSHED) && message.id === id) {
        done(true);
      }
    };
    const timer = setTimeout(() => done(false), FLUSH_ACK_TIMEOUT_MS);
    worker.on("message", onMessage);
    worker.send({ type: FLUSH_AUTHORIZER_CACHE, id, generation });
  });
}

function isMessage(message: unknown, type: string): message is Record<string, unknown> {
  return (
    typeof message === "object" && message !== null && "type" in message && message.type === type
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
