// The local stack's settings, from the environment (all optional): ports, where data
// lives, and existing servers to use instead of starting our own.
import { availableParallelism } from "node:os";
import * as z from "zod";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const blankAsUnset = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const StackEnv = z.object({
  AGORA_DATA_DIR: z.string().default(".local/data"),
  AGORA_HTTP_PORT: port(3000),
  AGORA_LAMBDA_PORT: port(3002),
  AGORA_DYNAMODB_PORT: port(8000),
  AGORA_REDIS_PORT: port(6390),
  /** serverless-offline workers sharing the gateway's ports: one per core, at least 2. */
  AGORA_GATEWAY_WORKERS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(Math.max(2, availableParallelism())),
  /**
   * Requests in flight per gateway worker before it sheds load with 503 (0: never). Read by
   * the workers' throttle plugin (offline-gateway-throttle.cjs); checked here so that a bad
   * value stops the start with its name.
   */
  AGORA_GATEWAY_MAX_IN_FLIGHT: z.coerce.number().int().min(0).optional(),
  /** games-db node ports: primary, replica1, replica2. */
  AGORA_GAMES_DB_PORTS: z
    .string()
    .default("5100,5200,5300")
    .transform((list) => list.split(",").map((p) => Number(p.trim())))
    .pipe(z.array(z.number().int().min(1).max(65535)).length(3)),
  /** The ratings store's shards: how many, and their ports (default 5555 onwards). */
  RATINGS_SHARDS: z.coerce.number().int().min(1).max(64).default(3),
  RATINGS_SHARD_PORTS: blankAsUnset.pipe(
    z
      .string()
      .transform((list) => list.split(",").map((p) => Number(p.trim())))
      .pipe(z.array(z.number().int().min(1).max(65535)).min(1))
      .optional(),
  ),
  /** An existing DynamoDB (e.g. from docker-compose.local.yml) instead of our own. */
  AGORA_DYNAMODB_ENDPOINT: blankAsUnset.pipe(z.url().optional()),
  /** An existing Redis instead of our own. */
  AGORA_REDIS_URL: blankAsUnset.pipe(z.url().optional()),
  /** That Redis's password, unless its URL carries one (ours uses secrets.json's). */
  AGORA_REDIS_PASSWORD: blankAsUnset,
  /** Replication latency of replica2, a far-away replica (see read-your-writes at work). */
  AGORA_GAMES_DB_REPLICA2_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Existing games-db nodes (comma-separated URLs) instead of our own three. */
  AGORA_GAMES_DB_NODES: blankAsUnset.pipe(
    z
      .string()
      .transform((list) => list.split(",").map((url) => url.trim()))
      .pipe(z.array(z.url()).min(1))
      .optional(),
  ),
});

export interface StackSettings {
  dataDir: string;
  ports: {
    http: number;
    lambda: number;
    dynamodb: number;
    redis: number;
    gamesDb: number[];
    /** One per ratings shard, shard 0 first. */
    ratingsShards: number[];
  };
  external: {
    dynamodbEndpoint?: string;
    redisUrl?: string;
    redisPassword?: string;
    gamesDbNodes?: string[];
  };
  /** Milliseconds replica2 waits before applying each transaction. */
  replica2LatencyMs: number;
  /** serverless-offline workers behind the gateway's ports (1: a single process). */
  gatewayWorkers: number;
}

export function stackSettingsFromEnv(env: NodeJS.ProcessEnv): StackSettings {
  const parsed = StackEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid stack settings: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const shardPorts =
    e.RATINGS_SHARD_PORTS ?? Array.from({ length: e.RATINGS_SHARDS }, (_, i) => 5555 + i);
  if (shardPorts.length !== e.RATINGS_SHARDS && env.RATINGS_SHARDS !== undefined) {
    throw new Error(
      `invalid stack settings: RATINGS_SHARD_PORTS names ${shardPorts.length} ports for RATINGS_SHARDS=${e.RATINGS_SHARDS}`,
    );
  }
  return {
    dataDir: e.AGORA_DATA_DIR,
    ports: {
      http: e.AGORA_HTTP_PORT,
      lambda: e.AGORA_LAMBDA_PORT,
      dynamodb: e.AGORA_DYNAMODB_PORT,
      redis: e.AGORA_REDIS_PORT,
      gamesDb: e.AGORA_GAMES_DB_PORTS,
      ratingsShards: shardPorts,
    },
    replica2LatencyMs: e.AGORA_GAMES_DB_REPLICA2_LATENCY_MS,
    gatewayWorkers: e.AGORA_GATEWAY_WORKERS,
    external: {
      dynamodbEndpoint: e.AGORA_DYNAMODB_ENDPOINT,
      redisUrl: e.AGORA_REDIS_URL,
      redisPassword: e.AGORA_REDIS_URL ? e.AGORA_REDIS_PASSWORD : undefined,
      gamesDbNodes: e.AGORA_GAMES_DB_NODES,
    },
  };
}
