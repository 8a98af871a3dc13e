// The whole local stack, started in dependency order: Redis, DynamoDB Local and the
// games-db nodes; the tables from serverless.yml and the games schema; then the gateway,
// which also runs the `schedule` events of serverless.yml. Used by `npm start`, the tests
// and the benchmarks.
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { migrateGamesSchema } from "../lib/games/schema";
import { createGamesDbClient } from "../lib/games-db/client";
import {
  ensureDynamoDbLocal,
  startDynamoDbLocal,
  waitUntilDynamoDbAnswers,
} from "./dynamodb-local";
import { type GamesDbNode, startGamesDbCluster } from "./games-db-cluster";
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient } from "./local-aws";
import { type HandlerMode, startOffline } from "./offline";
import { requireProgram } from "./prerequisites";
import type { LogSink, ManagedProcess } from "./process";
import { pingRedis, startRedis, withoutPassword } from "./redis";
import { loadOrCreateSecrets } from "./secrets";
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
  /** games-db nodes, primary first; `process` is absent for external nodes. */
  gamesDb: { name: string; url: string; process?: ManagedProcess }[];
  components: Component[];
  /** The environment the functions run with (to start another gateway on the same stores). */
  functionEnv: NodeJS.ProcessEnv;
  /** Resolves when a component dies on its own, naming it. */
  died: Promise<{ name: string; code: number | null }>;
  stop(): Promise<void>;
}

// Locally the functions run on the developer's Node 20; in AWS they run on nodejs22.x,
// so the SDK's notice about dropping Node 20 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const dataDir = resolve(options.dataDir);
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const { external, ports, log } = options;
  if (!external.dynamodbEndpoint) requireProgram("java", "-version");
  if (!external.redisUrl) requireProgram("redis-server", "--version");

  const processes: ManagedProcess[] = [];
  const components: Component[] = [];
  const stop = async () => {
    for (const child of processes.reverse()) await child.stop();
  };

  const dynamodbEndpoint = external.dynamodbEndpoint ?? `http://127.0.0.1:${ports.dynamodb}`;
  const redisUrl = external.redisUrl ?? `redis://127.0.0.1:${ports.redis}`;
  const gamesDbUrls =
    external.gamesDbNodes ?? ports.gamesDb.map((port) => `http://127.0.0.1:${port}`);
  const secrets = loadOrCreateSecrets(dataDir);
  const redisPassword = external.redisUrl ? external.redisPassword : secrets.redisPassword;
  const functionEnv: NodeJS.ProcessEnv = {
    AGORA_GAMES_DB_SECRET: secrets.gamesDbSecret,
    AGORA_CURSOR_SIGNING_KEY: secrets.cursorSigningKey,
    // Set even when empty, so serverless.yml does not fall back to secrets.json's.
    AGORA_REDIS_PASSWORD: redisPassword ?? "",
    AGORA_DYNAMODB_ENDPOINT: dynamodbEndpoint,
    AGORA_REDIS_URL: redisUrl,
    AGORA_LAMBDA_ENDPOINT: `http://127.0.0.1:${ports.lambda}`,
    AGORA_GAMES_DB_NODES: gamesDbUrls.join(","),
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_REGION: LOCAL_REGION,
    ...options.functionEnv,
  };

  try {
    // Resolving serverless.yml takes seconds; let it overlap the stores' start-up.
    const serviceConfig = printServiceConfig(functionEnv);
    serviceConfig.catch(() => undefined);

    if (external.redisUrl) {
      await requireRedisAt(redisUrl, redisPassword);
    } else {
      const password = secrets.redisPassword;
      processes.push(
        await startRedis({ name: "redis", dataDir, port: ports.redis, password, log }),
      );
    }
    if (external.dynamodbEndpoint) {
      await waitUntilDynamoDbAnswers(dynamodbEndpoint);
    } else {
      const emulatorDir = ensureDynamoDbLocal(resolve(options.toolsDir), log);
      processes.push(await startDynamoDbLocal({ emulatorDir, dataDir, port: ports.dynamodb, log }));
    }
    components.push(
      { name: "DynamoDB", url: dynamodbEndpoint, pid: pidOf(processes, "dynamodb") },
      { name: "Redis", url: withoutPassword(redisUrl), pid: pidOf(processes, "redis") },
    );

    let gamesDb: RunningStack["gamesDb"] = gamesDbUrls.map((url, i) => ({
      name: `node${i + 1}`,
      url,
    }));
    if (!external.gamesDbNodes) {
      const nodes: GamesDbNode[] = await startGamesDbCluster({
        dataDir,
        ports: ports.gamesDb,
        replica2LatencyMs: options.replica2LatencyMs,
        log,
      });
      processes.push(...nodes.map((node) => node.process));
      gamesDb = nodes;
    }
    const schemaTxid = await migrateGamesSchema(createGamesDbClient({ nodes: gamesDbUrls }));
    log("stack", `games schema migrated on the primary (TXID ${schemaTxid})`);
    for (const node of gamesDb) {
      components.push({ name: `games-db ${node.name}`, url: node.url, pid: node.process?.pid });
    }

    const tables = declaredTables(await serviceConfig);
    const client = localDynamoClient(dynamodbEndpoint);
    try {
      for (const name of await ensureTables(client, tables)) log("stack", `created table ${name}`);
    } finally {
      client.destroy();
    }

    const gateway = await startOffline({
      handlerMode: options.handlerMode ?? "in-process",
      httpPort: ports.http,
      lambdaPort: ports.lambda,
      env: functionEnv,
      log,
    });
    processes.push(gateway.process);
    components.unshift(
      { name: "API Gateway", url: gateway.gatewayUrl, pid: gateway.process.pid },
      { name: "Lambda invoke", url: gateway.lambdaEndpoint, pid: gateway.process.pid },
    );

    const died = Promise.race(
      processes.map((child) => child.exited.then((code) => ({ name: child.name, code }))),
    );
    return {
      gatewayUrl: gateway.gatewayUrl,
      lambdaEndpoint: gateway.lambdaEndpoint,
      dynamodbEndpoint,
      redisUrl,
      redisPassword,
      gamesDb,
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
