// What `npm start` checks before it touches anything: the data directory's lock and the
// ports, each refusal one line naming what is held and by which pid.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCK_FILE, lockDataDir, requireFreePorts, StartRefused } from "../../local/preflight";
import { freePort } from "../support/free-port";

describe("the data directory's lock", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "agora-lock-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("is held by one start at a time, and names its holder's pid", () => {
    const lock = lockDataDir(dataDir);
    expect(readFileSync(lock.path, "utf8").trim()).toBe(String(process.pid));
    expect(() => lockDataDir(dataDir)).toThrow(
      new StartRefused(
        `the data directory ${dataDir} is in use by another stack: ${lock.path} is held by pid ${process.pid}`,
      ),
    );
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lockDataDir(dataDir).release();
  });

  it("is taken over when its holder is gone", () => {
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(join(dataDir, LOCK_FILE), `${gone}\n`);
    const lock = lockDataDir(dataDir);
    expect(readFileSync(lock.path, "utf8").trim()).toBe(String(process.pid));
    lock.release();
  });
});

describe("the ports", () => {
  let server: Server;
  let busy: number;
  beforeEach(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    busy = address.port;
  });
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it("must be free, or the refusal names the port, its purpose and its holder", async () => {
    const free = await freePort();
    await expect(
      requireFreePorts([
        { port: free, purpose: "the gateway (AGORA_HTTP_PORT)" },
        { port: busy, purpose: "Redis (AGORA_REDIS_PORT)" },
      ]),
    ).rejects.toThrow(
      new RegExp(
        `^port ${busy}, for Redis \\(AGORA_REDIS_PORT\\), is in use by pid ${process.pid} \\(.+\\)$`,
      ),
    );
  });

  it("must all differ", async () => {
    const free = await freePort();
    await expect(
      requireFreePorts([
        { port: free, purpose: "the gateway (AGORA_HTTP_PORT)" },
        { port: free, purpose: "Lambda Invoke (AGORA_LAMBDA_PORT)" },
      ]),
    ).rejects.toThrow(
      `port ${free} is set for both the gateway (AGORA_HTTP_PORT) and Lambda Invoke (AGORA_LAMBDA_PORT)`,
    );
  });

  it("pass when free", async () => {
    await requireFreePorts([{ port: await freePort(), purpose: "the gateway" }]);
  });
});
