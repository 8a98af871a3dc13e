// Timeouts that a blocked event loop does not trip (lib/clients/loop-aware-timeout.ts): an
// answer that arrived while the loop was busy wins, and silence still times out.

import type { AddressInfo } from "node:net";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopAwareTimeout, withLoopAwareTimeout } from "../../../lib/clients/loop-aware-timeout";

function blockLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy, as a saturated gateway is
  }
}

describe("loop-aware timeout", () => {
  let echo: Server;
  let port = 0;
  beforeAll(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    port = (echo.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => echo.close(resolve)));

  it("lets an answer that arrived while the loop was blocked win", async () => {
    const socket: Socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const outcome = await new Promise<string>((resolve) => {
      const cancel = loopAwareTimeout(200, () => resolve("timed out"));
      socket.once("data", () => {
        cancel();
        resolve("answered");
      });
      socket.write("ping");
      blockLoop(600); // the echo arrives meanwhile; a wall-clock timer would have fired
    });
    socket.destroy();
    expect(outcome).toBe("answered");
  });

  it("times out a server that does not answer, after about the time given", async () => {
    const started = performance.now();
    const error = await withLoopAwareTimeout(200, (signal) => {
      return new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason)),
      );
    }).catch((reason: unknown) => reason);
    expect((error as DOMException).name).toBe("TimeoutError");
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });
});
