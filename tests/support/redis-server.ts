// A throwaway redis-server for store tests (which may flush it), started the way the stack
// starts its own: on a free port, requiring a password, its data in a temporary directory.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis, type RedisOptions } from "ioredis";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { ManagedProcess } from "../../local/process";
import { startRedis } from "../../local/redis";
import { freePort } from "./free-port";

export interface RedisServer {
  port: number;
  /** The password it requires (requirepass). */
  password: string;
  /** The supervised redis-server (its pid changes when it is restarted). */
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts redis-server; the caller must await stop(), which also removes its data. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const password = randomBytes(18).toString("base64url");
  const dataDir = mkdtempSync(join(tmpdir(), "agora-redis-"));
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const server = await startRedis({
      name: "redis",
      dataDir,
      port,
      password,
      log: () => undefined,
    });
    return {
      port,
      password,
      process: server,
      async stop() {
        await server.stop();
        removeData();
      },
    };
  } catch (error) {
    removeData();
    throw error;
  }
}

/**
 * A client with lib/clients/redis.ts' options on a free port where no Redis listens: every
 * command fails as against a Redis that is down. The caller disconnects it.
 */
export async function unreachableRedis(): Promise<Redis> {
  const redis = new Redis({
    port: await freePort(),
    host: "127.0.0.1",
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: 2000,
    maxRetriesPerRequest: 1,
  });
  redis.on("error", () => undefined);
  return redis;
}

/** A new client of `server` (loopback, its password); `options` add to or override those. */
export function connectTo(server: RedisServer, options: RedisOptions = {}): Redis {
  return new Redis({ host: "127.0.0.1", port: server.port, password: server.password, ...options });
}

/**
 * One redis-server for a test file, flushed before each test: registers the hooks that
 * start, flush and stop it, and answers the server and the file's client (both there once
 * beforeAll has run).
 */
export function useFlushedRedisServer(options: RedisOptions = {}): {
  readonly server: RedisServer;
  readonly redis: Redis;
} {
  let server: RedisServer | undefined;
  let redis: Redis | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = connectTo(server, options);
  }, 30_000);
  afterAll(async () => {
    await redis?.quit();
    await server?.stop();
  });
  beforeEach(async () => {
    await redis?.flushall();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the redis-server is not started yet");
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get redis() {
      return started(redis);
    },
  };
}
