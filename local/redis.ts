// Agora's own redis-server (never the system one on 6379), append-only file on, its
// data in the stack's data directory.
import { mkdirSync } from "node:fs";
import { createConnection } from "node:net";
import { join } from "node:path";
import { type LogSink, type ManagedProcess, spawnManaged, waitUntilHealthy } from "./process";

export async function startRedis(options: {
  name: string;
  dataDir: string;
  port: number;
  log: LogSink;
}): Promise<ManagedProcess> {
  const dir = join(options.dataDir, options.name);
  mkdirSync(dir, { recursive: true });
  const child = spawnManaged({
    name: options.name,
    command: "redis-server",
    args: [
      "--bind",
      "127.0.0.1",
      "--port",
      String(options.port),
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--appendfsync",
      "everysec",
      "--save",
      "",
      "--daemonize",
      "no",
      "--protected-mode",
      "yes",
    ],
    log: options.log,
  });
  await waitUntilHealthy(child, `${options.name} on port ${options.port}`, () =>
    redisAnswersPing(options.port),
  );
  return child;
}

/** Sends PING over a raw socket and waits for +PONG. */
export function redisAnswersPing(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.setTimeout(1000, () => socket.destroy());
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      resolve(data.toString().startsWith("+PONG"));
      socket.destroy();
    });
    socket.on("error", () => resolve(false));
    socket.on("close", () => resolve(false));
  });
}
