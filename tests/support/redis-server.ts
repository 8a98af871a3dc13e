// A throwaway redis-server for store tests (which may flush it), started the way the stack
// starts its own: on a free port, requiring a password, its data in a temporary directory.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
