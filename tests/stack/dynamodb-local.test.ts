// DynamoDB Local accepts any credentials, so the stack's must be reachable from this machine
// only: started as the stack starts it, it listens on 127.0.0.1 and nowhere else.
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDynamoDbLocal, startDynamoDbLocal } from "../../local/dynamodb-local";
import { isLoopback, listenersOn } from "../../local/listeners";
import type { ManagedProcess } from "../../local/process";
import { freePort } from "../support/free-port";

/** An address of this machine that is not loopback, if it has one. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && !address.internal && address.family === "IPv4")?.address;

/** Resolves with "connected" or the connection error's code. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000, () => socket.destroy(new Error("ETIMEDOUT")));
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe("the stack's DynamoDB Local", () => {
  let dataDir: string;
  let port: number;
  let server: ManagedProcess | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "agora-dynamodb-bind-"));
    port = await freePort();
    server = await startDynamoDbLocal({
      emulatorDir: ensureDynamoDbLocal(resolve(".local"), () => undefined),
      dataDir,
      port,
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 only", () => {
    const listeners = listenersOn(port);
    expect(listeners.map(({ address, pid }) => ({ address, pid }))).toEqual([
      { address: "127.0.0.1", pid: server?.pid },
    ]);
    expect(listeners.every(({ address }) => isLoopback(address))).toBe(true);
  });

  it("answers on 127.0.0.1", async () => {
    expect(await tryConnect("127.0.0.1", port)).toBe("connected");
  });

  it.skipIf(externalAddress === undefined)(
    "refuses connections to this machine's network address",
    async () => {
      expect(await tryConnect(externalAddress ?? "", port)).toBe("ECONNREFUSED");
    },
  );
});
