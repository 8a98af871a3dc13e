// A node's configuration, validated once: from startNode's argument, or from the command line and
// the environment (the secret, which a flag would show to anyone running `ps`).
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import * as z from "zod";
import { nodeSecretSchema, SECRET_ENV } from "../protocol/auth";

export const nodeOptionsSchema = z.strictObject({
  /** The node's name, reported by /status and written to replicas' `.primary` files. */
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '.', '_' and '-' only"),
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65535),
  host: z.string().min(1).default("127.0.0.1"),
  /** The node's directory: the database, its -pos file and `.primary` live here. */
  dir: z.string().min(1),
  db: z
    .string()
    .regex(/^[^/\\]+$/, "a file name, not a path")
    .default("games.db"),
  /** Makes the node a replica of this primary; without it the node is the primary. */
  primaryUrl: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  /** A replica more than this many TXIDs behind its primary reports itself unhealthy. */
  maxLag: z.number().int().min(0).default(100),
  /** How many recent transactions the primary keeps for replicas to catch up from. */
  retain: z.number().int().min(1).default(10_000),
  /** How often the primary sends heartbeats on replication streams. */
  heartbeatMs: z.number().int().min(10).default(1000),
  /** A replica that hears nothing from its primary for this long counts as disconnected. */
  staleMs: z.number().int().min(50).default(3000),
  /**
   * A replica applies each transaction this long after it arrives, as a replica far from
   * its primary would: for demonstrations and tests of read-your-writes. Throughput is
   * unchanged; only the delay grows.
   */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** The bearer token every route but GET /health requires; replicas present it to the primary. */
  secret: nodeSecretSchema,
  /**
   * How long a statement of /query or /exec may run before its executor is killed, and how long
   * it may wait for a free executor before the node answers that it is busy.
   */
  statementTimeoutMs: z.number().int().min(10).max(600_000).default(2000),
  /** The same bound for the statements of a migration, which may rebuild large tables. */
  migrationTimeoutMs: z.number().int().min(10).max(3_600_000).default(60_000),
  /**
   * How many reader processes run /query statements side by side, each on one core; at least
   * two by default, so that one runaway read never holds every reader.
   */
  readers: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(() => Math.max(2, Math.min(4, availableParallelism()))),
});
export type NodeOptionsInput = z.input<typeof nodeOptionsSchema>;
export type NodeOptions = z.output<typeof nodeOptionsSchema>;

export const USAGE =
  "usage: node.ts --name <name> --port <port> --dir <dir> [--primary-url <url>] [--host 127.0.0.1] " +
  "[--db games.db] [--max-lag 100] [--retain 10000] [--heartbeat-ms 1000] [--stale-ms 3000] " +
  "[--latency-ms 0] [--statement-timeout-ms 2000] [--migration-timeout-ms 60000] " +
  `[--readers <cores, 2 to 4>], with the nodes' shared secret in ${SECRET_ENV}`;

/** Parses command-line flags and the environment; throws a ZodError or TypeError naming what is wrong. */
export function parseCliOptions(args: string[], env: NodeJS.ProcessEnv): NodeOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      name: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      dir: { type: "string" },
      db: { type: "string" },
      "primary-url": { type: "string" },
      "max-lag": { type: "string" },
      retain: { type: "string" },
      "heartbeat-ms": { type: "string" },
      "stale-ms": { type: "string" },
      "latency-ms": { type: "string" },
      "statement-timeout-ms": { type: "string" },
      "migration-timeout-ms": { type: "string" },
      readers: { type: "string" },
    },
  });
  return nodeOptionsSchema.parse({
    name: values.name,
    port: integer(values.port),
    host: values.host,
    dir: values.dir,
    db: values.db,
    primaryUrl: values["primary-url"],
    maxLag: integer(values["max-lag"]),
    retain: integer(values.retain),
    heartbeatMs: integer(values["heartbeat-ms"]),
    staleMs: integer(values["stale-ms"]),
    latencyMs: integer(values["latency-ms"]),
    secret: env[SECRET_ENV],
    statementTimeoutMs: integer(values["statement-timeout-ms"]),
    migrationTimeoutMs: integer(values["migration-timeout-ms"]),
    readers: integer(values.readers),
  });
}

/** A flag's value as a number when it is all digits; anything else is left for zod to reject. */
function integer(value: string | undefined): number | string | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : value;
}
