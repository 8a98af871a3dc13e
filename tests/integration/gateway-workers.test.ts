// The gateway's workers (local/gateway-primary.ts): they share one authorizer result cache,
// as the instances behind one API Gateway stage do; a worker that dies is replaced, with
// the stage's cache, and the other keeps answering every request meanwhile.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { get } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { localDynamoClient } from "../../local/local-aws";
import { type Credentials, meOnNewConnection, registerUser } from "../support/gateway";
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

/**
 * Changes a user's password behind the gateway's back (no flush): from then on, only the
 * gateway's cached answer still allows the old credentials; the authorizer refuses them.
 */
async function changePasswordUnflushed(user: Credentials): Promise<void> {
  const documents = DynamoDBDocumentClient.from(localDynamoClient(inject("dynamodbEndpoint")));
  try {
    await documents.send(
      new UpdateCommand({
        TableName: "agora-local-users",
        Key: { pk: `USER#${user.username}` },
        UpdateExpression: "SET passwordHash = :other",
        ExpressionAttributeValues: { ":other": "scrypt$16384$8$5$AAAA$AAAA" },
      }),
    );
  } finally {
    documents.destroy();
  }
}

/** GET /users/me on `count` new connections, so on every worker in turn: the statuses. */
async function meOnEveryWorker(user: Credentials, count = 6): Promise<number[]> {
  const statuses = [];
  for (let i = 0; i < count; i++) statuses.push(await meOnNewConnection(user));
  return statuses;
}

describe("gateway workers", () => {
  it("share one authorizer cache: one login serves every worker", async () => {
    const user = await registerUser("shared");
    expect(await meOnNewConnection(user)).toBe(200); // one worker runs the authorizer
    await changePasswordUnflushed(user);
    await sleep(200); // the worker's answer reaches the others through the primary
    expect(await meOnEveryWorker(user)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("replace a worker that dies, answering every request meanwhile", async () => {
    const cached = await registerUser("cached");
    expect(await meOnNewConnection(cached)).toBe(200);
    await changePasswordUnflushed(cached);
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
    // Once ready, the replacement serves with the stage's cache, unasked.
    const replacement = after.find((pid) => !before.includes(pid));
    await eventually(
      "the replacement ready",
      () =>
        readFileSync(inject("stackLogPath"), "utf8").includes(`ready (pid ${replacement})`)
          ? true
          : undefined,
      { timeoutMs: 60_000 },
    );
    expect(await meOnEveryWorker(cached)).toEqual([200, 200, 200, 200, 200, 200]);
  });
});
