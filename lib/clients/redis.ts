// The one Redis connection per Lambda instance (lib/redis/ has what Redis-backed stores
// share: Lua scripts, and telling an unreachable Redis from a refusal).
//
// While the connection is down, commands wait in ioredis' offline queue for the reconnect;
// each fails after one reconnection attempt (maxRetriesPerRequest) or the command timeout,
// so a caller learns within seconds that Redis is unreachable and can answer 503 or retry
// later. The command timeout counts only time when the event loop was free to read the
// answer (loop-aware-timeout.ts): ioredis' own commandTimeout, a wall-clock timer, reported
// a healthy Redis as down whenever the loop was saturated.
// It authenticates with REDIS_PASSWORD, unless REDIS_URL carries a password of its own
// (ioredis prefers the URL's), and again on every reconnect.
import { type Command, Redis, type RedisOptions } from "ioredis";
import { config } from "../config";
import { loopAwareTimeout } from "./loop-aware-timeout";

const COMMAND_TIMEOUT_MS = 2000;

/** ioredis with a command timeout that a busy event loop does not trip. */
class LoopAwareRedis extends Redis {
  constructor(
    url: string,
    private readonly commandTimeoutMs: number,
    options: RedisOptions,
  ) {
    super(url, options);
  }

  override sendCommand(command: Command, stream?: Parameters<Redis["sendCommand"]>[1]) {
    const timeoutMs = this.commandTimeoutMs ?? COMMAND_TIMEOUT_MS;
    const cancel = loopAwareTimeout(timeoutMs, () =>
      command.reject(new Error("Command timed out")),
    );
    command.promise.then(cancel, cancel);
    return super.sendCommand(command, stream);
  }
}

/**
 * A connection to one of Agora's Redis servers (the main one, a ratings shard).
 * `commandTimeout` is loop-aware here, not ioredis' wall-clock one.
 */
export function connectRedis(
  url: string,
  { commandTimeout = COMMAND_TIMEOUT_MS, ...options }: RedisOptions = {},
): Redis {
  const client = new LoopAwareRedis(url, commandTimeout, {
    password: config.REDIS_PASSWORD,
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    ...options,
  });
  // Without a listener, ioredis reports every failed reconnect as an unhandled error.
  client.on("error", () => undefined);
  return client;
}

export const redis = connectRedis(config.REDIS_URL);
