// The whole local stack. First what can refuse the start without touching anything: the
// data directory's lock, the ports, the functions' configuration. Then, in dependency
// order: Redis, DynamoDB Local, the games-db nodes and the ratings shards side by side; the
// tables from serverless.yml and the games schema; the gateway (which also runs
// serverless.yml's `schedule` events); and a warm-up of every function. Used by `npm start`,
// the tests and the benchmarks.
import { readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { migrateGamesSchema } from "../lib/games/schema";
import { createGamesDbClient } from "../lib/games-db/client";
import {
  ensureDynamoDbLocal,
  startDynamoDbLocal,
  waitUntilDynamoDbAnswers,
} from "./dynamodb-local";
import { declaredFunctions, requireValidFunctionConfig, warmUpFunctions } from "./function-checks";
import { GAMES_DB_NODE_NAMES, type GamesDbNode, startGamesDbCluster } from "./games-db-cluster";
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient } from "./local-aws";
import { type HandlerMode, startOffline } from "./offline";
import { LOCK_FILE, lockDataDir, type PortClaim, requireFreePorts } from "./preflight";
import { requireProgram } from "./prerequisites";
import type { LogSink, ManagedProcess } from "./process";
import { type RatingsShard, startRatingsShards } from "./ratings-shards";
import { pingRedis, startRedis, withoutPassword } from "./redis";
import { loadOrCreateSecrets, type StackSecrets } from "./secrets";
import { printServiceConfig } from "./serverless-cli";
import type { StackSettings } from "./settings";
import { declaredTables, ensureTables } from "./tables";

export interface StackOptions extends StackSettings {
  /** Where downloaded tools (the DynamoDB Local jar) are kept between runs. */
  toolsDir: string;
  /** Start with empty data. */
  fresh: boolean;
  /** How serverless-offline runs handlers; in-process unless said otherwise. */
  handlerMode?: HandlerMode;
  log: LogSink;
  /** Extra environment for the functions (e.g. a shorter authorizer cache in tests). */
  functionEnv?: NodeJS.ProcessEnv;
}

export interface Component {
  name: string;
  url: string;
  pid?: number;
}

export interface RunningStack {
  gatewayUrl: string;
  lambdaEndpoint: string;
  dynamodbEndpoint: string;
  redisUrl: string;
  /** The password of that Redis (ours: secrets.json's), unless its URL carries one. */
  redisPassword?: string;
  /** The API key of private routes (GET /logs): AGORA_API_KEY, else secrets.json's. */
  apiKey: string;
  /** games-db nodes, primary first; `process` is absent for external nodes. */
  gamesDb: { name: string; url: string; process?: ManagedProcess }[];
  /** The ratings store's shards, shard 0 first; they require secrets.json's redisPassword. */
  ratingsShards: RatingsShard[];
  components: Component[];
  /** The environment the functions run with (to start another gateway on the same stores). */
  functionEnv: NodeJS.ProcessEnv;
  /** Resolves when a component dies on its own, naming it. */
  died: Promise<{ name: string; code: number | null }>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const dataDir = resolve(options.dataDir);
  const { external, ports, log } = options;

  // Refusals first, touching nothing another stack uses: this data directory's lock, then
  // every port this stack would listen on.
  const lock = lockDataDir(dataDir);
  const processes: ManagedProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const child of [...processes].reverse()) await child.stop();
      lock.release();
    })();
    return stopping;
  };

  try {
    await requireFreePorts(portClaims(options));
    if (!external.dynamodbEndpoint) requireProgram("java", "-version");
    requireProgram("redis-server", "--version"); // the ratings shards, at least
    if (options.fresh) emptyDataDir(dataDir);

    const dynamodbEndpoint = external.dynamodbEndpoint ?? `http://127.0.0.1:${ports.dynamodb}`;
    const redisUrl = external.redisUrl ?? `redis://127.0.0.1:${ports.redis}`;
    const gamesDbUrls =
      external.gamesDbNodes ?? ports.gamesDb.map((port) => `http://127.0.0.1:${port}`);
    const secrets = loadOrCreateSecrets(dataDir);
    const redisPassword = external.redisUrl ? external.redisPassword : secrets.redisPassword;
    // The shards require secrets.json's password; their URLs carry it only when the
    // functions' REDIS_PASSWORD (an external Redis's) is another one.
    const shardUrls = ports.ratingsShards.map((port) =>
      redisPassword === secrets.redisPassword
        ? `redis://127.0.0.1:${port}`
        : `redis://:${encodeURIComponent(secrets.redisPassword)}@127.0.0.1:${port}`,
    );
    const apiKey =
      options.functionEnv?.AGORA_API_KEY || process.env.AGORA_API_KEY || secrets.apiKey;
    const functionEnv: NodeJS.ProcessEnv = {
      AGORA_GAMES_DB_SECRET: secrets.gamesDbSecret,
      AGORA_CURSOR_SIGNING_KEY: secrets.cursorSigningKey,
      AGORA_API_KEY: apiKey,
      // Set even when empty, so serverless.yml does not fall back to secrets.json's.
      AGORA_REDIS_PASSWORD: redisPassword ?? "",
      AGORA_DYNAMODB_ENDPOINT: dynamodbEndpoint,
      AGORA_REDIS_URL: redisUrl,
      AGORA_LAMBDA_ENDPOINT: `http://127.0.0.1:${ports.lambda}`,
      AGORA_GAMES_DB_NODES: gamesDbUrls.join(","),
      AGORA_RATINGS_SHARD_URLS: shardUrls.join(","),
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_REGION: LOCAL_REGION,
      ...options.functionEnv,
    };

    // A malformed setting stops the start here, before any process runs.
    const serviceConfig = await printServiceConfig(functionEnv);
    requireValidFunctionConfig(serviceConfig, { ...process.env, ...functionEnv });

    const { gamesDb, ratingsShards } = await startStores(
      { ...options, dataDir },
      { redisUrl, dynamodbEndpoint, gamesDbUrls },
      secrets,
      processes,
    );

    const schemaTxid = await migrateGamesSchema(
      createGamesDbClient({ nodes: gamesDbUrls, secret: secrets.gamesDbSecret }),
    );
    log("stack", `games schema migrated on the primary (TXID ${schemaTxid})`);

    const client = localDynamoClient(dynamodbEndpoint);
    try {
      const tables = declaredTables(serviceConfig);
      for (const name of await ensureTables(client, tables)) log("stack", `created table ${name}`);
    } finally {
      client.destroy();
    }

    const gateway = await startOffline({
      handlerMode: options.handlerMode ?? "in-process",
      httpPort: ports.http,
      lambdaPort: ports.lambda,
      workers: options.gatewayWorkers,
      env: functionEnv,
      log,
    });
    processes.push(gateway.process);
    // "Running" means every function has loaded and answered, not just the gateway.
    await warmUpFunctions(gateway.lambdaEndpoint, declaredFunctions(serviceConfig));
    log("stack", "every function answered its warm-up invocation");

    const components: Component[] = [
      { name: "API Gateway", url: gateway.gatewayUrl, pid: gateway.process.pid },
      { name: "Lambda invoke", url: gateway.lambdaEndpoint, pid: gateway.process.pid },
      ...gateway.workers.map((worker) => ({
        name: `gateway worker ${worker.number}`,
        url: worker.number === 1 ? "both ports; runs the schedules" : "both ports",
        pid: worker.pid,
      })),
      { name: "DynamoDB", url: dynamodbEndpoint, pid: pidOf(processes, "dynamodb") },
      { name: "Redis", url: withoutPassword(redisUrl), pid: pidOf(processes, "redis") },
      ...gamesDb.map((node) => ({
        name: `games-db ${node.name}`,
        url: node.url,
        pid: node.process?.pid,
      })),
      ...ratingsShards.map((shard) => ({
        name: shard.name,
        url: shard.url,
        pid: shard.process.pid,
      })),
    ];
    const died = Promise.race(
      processes.map((child) => child.exited.then((code) => ({ name: child.name, code }))),
    );
    return {
      gatewayUrl: gateway.gatewayUrl,
      lambdaEndpoint: gateway.lambdaEndpoint,
      dynamodbEndpoint,
      redisUrl,
      redisPassword,
      apiKey,
      gamesDb,
      ratingsShards,
      components,
      functionEnv,
      died,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts Redis, DynamoDB Local, the games-db nodes and the ratings shards side by side, or
 * checks that the external ones answer. Each start adds its processes to `processes` once it
 * has started, so that when one fails the caller stops the others. Returns the games-db
 * nodes and the shards.
 */
async function startStores(
  options: StackOptions,
  stores: { redisUrl: string; dynamodbEndpoint: string; gamesDbUrls: string[] },
  secrets: StackSecrets,
  processes: ManagedProcess[],
): Promise<Pick<RunningStack, "gamesDb" | "ratingsShards">> {
  const { dataDir, external, ports, log } = options;
  let gamesDb: RunningStack["gamesDb"] = stores.gamesDbUrls.map((url, i) => ({
    name: `node${i + 1}`,
    url,
  }));
  let ratingsShards: RatingsShard[] = [];
  const starts = await Promise.allSettled([
    (async () => {
      if (external.redisUrl) return requireRedisAt(stores.redisUrl, external.redisPassword);
      const password = secrets.redisPassword;
      processes.push(
        await startRedis({ name: "redis", dataDir, port: ports.redis, password, log }),
      );
    })(),
    (async () => {
      if (external.dynamodbEndpoint) return waitUntilDynamoDbAnswers(stores.dynamodbEndpoint);
      const emulatorDir = ensureDynamoDbLocal(resolve(options.toolsDir), log);
      processes.push(await startDynamoDbLocal({ emulatorDir, dataDir, port: ports.dynamodb, log }));
    })(),
    (async () => {
      if (external.gamesDbNodes) return;
      const nodes: GamesDbNode[] = await startGamesDbCluster({
        dataDir,
        ports: ports.gamesDb,
        replica2LatencyMs: options.replica2LatencyMs,
        secret: secrets.gamesDbSecret,
        log,
      });
      processes.push(...nodes.map((node) => node.process));
      gamesDb = nodes;
    })(),
    (async () => {
      ratingsShards = await startRatingsShards({
        dataDir,
        ports: ports.ratingsShards,
        password: secrets.redisPassword,
        log,
      });
      processes.push(...ratingsShards.map((shard) => shard.process));
    })(),
  ]);
  const failed = starts.find((start) => start.status === "rejected");
  if (failed) throw failed.reason;
  return { gamesDb, ratingsShards };
}

/** The ports this stack would listen on, each with what uses it and the setting that moves it. */
function portClaims({ ports, external }: StackOptions): PortClaim[] {
  const claims: PortClaim[] = [
    { port: ports.http, purpose: "the gateway (AGORA_HTTP_PORT)" },
    { port: ports.lambda, purpose: "Lambda Invoke (AGORA_LAMBDA_PORT)" },
  ];
  if (!external.dynamodbEndpoint) {
    claims.push({ port: ports.dynamodb, purpose: "DynamoDB Local (AGORA_DYNAMODB_PORT)" });
  }
  if (!external.redisUrl) claims.push({ port: ports.redis, purpose: "Redis (AGORA_REDIS_PORT)" });
  ports.ratingsShards.forEach((port, shard) => {
    claims.push({ port, purpose: `ratings shard ${shard} (RATINGS_SHARD_PORTS)` });
  });
  if (!external.gamesDbNodes) {
    GAMES_DB_NODE_NAMES.forEach((name, i) => {
      const port = ports.gamesDb[i];
      if (port !== undefined) {
        claims.push({ port, purpose: `games-db ${name} (AGORA_GAMES_DB_PORTS)` });
      }
    });
  }
  return claims;
}

/** --fresh: everything in the data directory goes, but the lock this start holds. */
function emptyDataDir(dataDir: string): void {
  for (const entry of readdirSync(dataDir)) {
    if (entry !== LOCK_FILE) rmSync(join(dataDir, entry), { recursive: true, force: true });
  }
}

function pidOf(processes: ManagedProcess[], name: string): number | undefined {
  return processes.find((child) => child.name === name)?.pid;
}

async function requireRedisAt(url: string, password: string | undefined): Promise<void> {
  try {
    await pingRedis(url, password);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `the Redis at ${withoutPassword(url)} (AGORA_REDIS_URL) did not answer: ${reason}`,
    );
  }
}
