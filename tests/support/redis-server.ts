// A throwaway redis-server for store tests (which may flush it), started the
// way the stack starts its own, on a free port with its data in a temporary directory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRedis } from "../../local/redis";
import { freePort } from "./free-port";

export interface RedisServer {
  port: number;
  stop(): Promise<void>;
}

/** Starts redis-server; the caller must await stop(), which also removes its data. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "agora-redis-"));
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const server = await startRedis({ name: "redis", dataDir, port, log: () => undefined });
    return {
      port,
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
