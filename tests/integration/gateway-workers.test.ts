// The gateway's workers (local/gateway-primary.ts): a worker that dies is replaced, and the
// other keeps answering every request meanwhile (the replacement starts with empty caches,
// which no other test relies on).
import { execFileSync } from "node:child_process";
import { get } from "node:http";
import { describe, expect, inject, it } from "vitest";
import { eventually } from "../support/poll";

/** The gateway primary's Node child processes: its workers (not, say, an esbuild service). */
function workerPids(): number[] {
  const output = execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(inject("gatewayPid"))], {
    encoding: "utf8",
  });
  return output
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([, command]) => command === "node")
    .map(([pid]) => Number(pid));
}

/** GET /health on a connection of its own, so the gateway hands it to its next worker. */
function healthOnNewConnection(): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${inject("gatewayUrl")}/health`, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on("error", reject);
  });
}

describe("gateway workers", () => {
  it("replace a worker that dies, answering every request meanwhile", async () => {
    const before = workerPids();
    expect(before).toHaveLength(2);
    const [victim] = before;
    if (victim === undefined) throw new Error("no worker");
    process.kill(victim, "SIGKILL");
    await eventually("the worker gone", () => (workerPids().includes(victim) ? undefined : true));

    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push(await healthOnNewConnection());
    expect(statuses.every((status) => status === 200)).toBe(true);

    const after = await eventually(
      "a replacement worker",
      () => {
        const pids = workerPids();
        return pids.length === 2 ? pids : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(after).not.toContain(victim);
  });
});
