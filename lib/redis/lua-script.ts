// A Lua script that Redis runs atomically: sent by SHA1 (EVALSHA), and whole (EVAL) only
// when Redis does not have it cached yet, after a restart for instance.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export class LuaScript {
  readonly sha1: string;

  constructor(readonly lua: string) {
    this.sha1 = createHash("sha1").update(lua).digest("hex");
  }

  async run(
    client: Redis,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await client.evalsha(this.sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
      return await client.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}
