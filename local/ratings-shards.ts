// The ratings store's shards: one redis-server per shard, each started like Agora's main
// Redis (local/redis.ts: 127.0.0.1 only, requirepass, AOF, supervised so that one that dies
// is started again on its AOF), on ports 5555, 5556, ... by default (RATINGS_SHARD_PORTS).
// They share the main Redis's password, secrets.json's `redisPassword`.
import type { LogSink, ManagedProcess } from "./process";
import { startRedis } from "./redis";

export interface RatingsShard {
  name: string;
  /** Without the password. */
  url: string;
  process: ManagedProcess;
}

/** Starts every shard side by side; when one fails, stops those that started, then throws. */
export async function startRatingsShards(options: {
  dataDir: string;
  ports: readonly number[];
  password: string;
  log: LogSink;
}): Promise<RatingsShard[]> {
  const starts = await Promise.allSettled(
    options.ports.map(async (port, shard) => {
      const name = `ratings-shard-${shard}`;
      const server = await startRedis({ ...options, name, port });
      return { name, url: `redis://127.0.0.1:${port}`, process: server };
    }),
  );
  const shards = starts.flatMap((start) => (start.status === "fulfilled" ? [start.value] : []));
  const failed = starts.find((start) => start.status === "rejected");
  if (failed) {
    await Promise.all(shards.map((shard) => shard.process.stop()));
    throw failed.reason;
  }
  return shards;
}
