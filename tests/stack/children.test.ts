// The stack's children run in process groups of their own (so a terminal's Ctrl-C reaches
// npm start alone), which means nothing else stops them: a process that started them and
// then dies of a signal, or exits, must take them with it.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { isAlive } from "../../local/process";
import { eventually } from "../support/poll";

const redisServer = fileURLToPath(new URL("../support/redis-server.ts", import.meta.url));

/** A node process that starts a throwaway redis-server, then `then`; resolves with both pids. */
async function parentOfRedis(then: string): Promise<{ parent: ChildProcess; redisPid: number }> {
  const script = `
    const { startRedisServer } = await import(process.argv[1]);
    const server = await startRedisServer();
    console.log(server.process.pid);
    ${then}`;
  // Its redis-server's data goes to a directory of ours, removed after the test.
  const scratch = mkdtempSync(join(tmpdir(), "agora-children-"));
  scratchDirs.push(scratch);
  const parent = spawn(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script, redisServer],
    { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, TMPDIR: scratch } },
  );
  parents.push(parent);
  const [line] = (await once(parent.stdout?.setEncoding("utf8") ?? parent, "data")) as [string];
  return { parent, redisPid: Number(line.trim()) };
}

const parents: ChildProcess[] = [];
const scratchDirs: string[] = [];
afterEach(() => {
  for (const parent of parents.splice(0)) parent.kill("SIGKILL");
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("a process that started the stack's children", () => {
  it.each(["SIGTERM", "SIGINT", "SIGHUP"] as const)(
    "takes them with it when %s ends it",
    async (signal) => {
      const { parent, redisPid } = await parentOfRedis("setInterval(() => {}, 1000);");
      expect(isAlive(redisPid)).toBe(true);
      parent.kill(signal);
      const [, endedBy] = await once(parent, "exit");
      expect(endedBy).toBe(signal);
      await eventually("redis-server to be gone", () => (isAlive(redisPid) ? undefined : true));
    },
  );

  it("takes them with it when it exits without stopping them", async () => {
    const { parent, redisPid } = await parentOfRedis("process.exit(3);");
    const [code] = await once(parent, "exit");
    expect(code).toBe(3);
    await eventually("redis-server to be gone", () => (isAlive(redisPid) ? undefined : true));
  });
});
