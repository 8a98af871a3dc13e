// Agora's own redis-server (never the system one on 6379): it listens on 127.0.0.1 only,
// requires a password, keeps an append-only file in the stack's data directory, and is
// supervised, so a redis-server that dies is started again on its AOF.
//
// The password never appears on a command line (where `ps` shows it): redis-server reads
// it from a config file, written with mode 0600 beside its data.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { writePrivateFile } from "./private-file";
import { type LogSink, type ManagedProcess, waitUntilHealthy } from "./process";
import { supervise } from "./supervise";

export async function startRedis(options: {
  name: string;
  dataDir: string;
  port: number;
  password: string;
  log: LogSink;
}): Promise<ManagedProcess> {
  const dir = join(options.dataDir, options.name);
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, "redis.conf");
  writePrivateFile(
    configFile,
    [
      "bind 127.0.0.1",
      "protected-mode yes",
      `port ${options.port}`,
      `dir ${quoted(dir)}`,
      `requirepass ${quoted(options.password)}`,
      "appendonly yes",
      "appendfsync everysec",
      'save ""',
      "daemonize no",
      "",
    ].join("\n"),
  );
  const server = supervise({
    name: options.name,
    command: "redis-server",
    args: [configFile],
    log: options.log,
  });
  await waitUntilHealthy(server, `${options.name} on port ${options.port}`, async () => {
    await pingRedis(`redis://127.0.0.1:${options.port}`, options.password);
    return true;
  });
  return server;
}

/** Resolves when the Redis at `url` answers PING (authenticated); rejects with why not. */
export async function pingRedis(url: string, password?: string): Promise<void> {
  const redis = new Redis(url, {
    password,
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

/** A URL fit to print: its password, if it carries one, masked. */
export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "****";
  return parsed.toString();
}

/** A config value in redis.conf's double quotes (its escapes are JSON's for printable text). */
function quoted(value: string): string {
  return JSON.stringify(value);
}
