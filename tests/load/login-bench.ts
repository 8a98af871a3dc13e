// What a login costs. In this process: one scrypt verification with the parameters every
// hash had before issue 6 and with today's, in the same run. Through the gateway: the
// authorizer with a cold credentials cache (a header it has never verified: a users-table
// read and scrypt), the first login of a user stored with the old parameters (which also
// upgrades the hash), a warm cache (the read only) and GET /health (no authorizer), the
// baseline; then 100 concurrent cold logins, and what they add to the gateway's memory.
import { execFileSync } from "node:child_process";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDynamoDbUsersStore } from "../../lib/users/dynamodb-store";
import type { User } from "../../lib/users/model";
import { SCRYPT_PARAMS, type ScryptParams, scryptHasher } from "../../lib/users/passwords";
import type { UsersStore } from "../../lib/users/store";
import { localDynamoClient } from "../../local/local-aws";
import { basicAuthorization } from "../support/gateway";
import type { TestStack } from "../support/test-stack";
import { percentile, printTable } from "./measure";

/** The parameters every stored hash had before issue 6. */
const LEGACY_PARAMS: ScryptParams = { N: 16384, r: 8, p: 1 };
const PASSWORD = "bench password";
const SAMPLES = 20;
const CONCURRENT_LOGINS = 100;

export async function benchLogin(stack: TestStack): Promise<void> {
  const verification = [
    await measureVerification("scrypt N=2^14 r=8 p=1 (before)", LEGACY_PARAMS),
    await measureVerification("scrypt N=2^14 r=8 p=5 (today)", SCRYPT_PARAMS),
  ];
  printTable(
    `One password verification in this process, ${SAMPLES} in a row`,
    ["parameters", "p50 ms", "p99 ms", "memory MiB"],
    verification,
  );

  const client = localDynamoClient(stack.dynamodbEndpoint);
  const users = createDynamoDbUsersStore(DynamoDBDocumentClient.from(client), "agora-local-users");
  try {
    // One hash per parameter set serves every bench user: the cost of verifying it is the same.
    const todays = await seedUsers(
      users,
      "bench_new",
      2 * SAMPLES + CONCURRENT_LOGINS,
      SCRYPT_PARAMS,
    );
    const legacy = await seedUsers(users, "bench_old", SAMPLES, LEGACY_PARAMS);
    const [coldUsers, warmUsers, burstUsers] = [
      todays.slice(0, SAMPLES),
      todays.slice(SAMPLES, 2 * SAMPLES),
      todays.slice(2 * SAMPLES),
    ];
    for (const username of warmUsers) await me(stack.gatewayUrl, username);

    const rows = [
      await sequential("GET /health (no authorizer, baseline)", SAMPLES, () =>
        timed(`${stack.gatewayUrl}/health`),
      ),
      await sequential("GET /users/me, warm cache (users-table read only)", SAMPLES, (i) =>
        me(stack.gatewayUrl, warmUsers[i] ?? ""),
      ),
      await sequential("GET /users/me, cold cache (read + scrypt p=5)", SAMPLES, (i) =>
        me(stack.gatewayUrl, coldUsers[i] ?? ""),
      ),
      await sequential("GET /users/me, cold, old hash (p=1 + upgrade to p=5)", SAMPLES, (i) =>
        me(stack.gatewayUrl, legacy[i] ?? ""),
      ),
    ];

    const gatewayPid = stack.components.find((c) => c.name === "API Gateway")?.pid;
    const rssBefore = residentMiB(gatewayPid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, residentMiB(gatewayPid));
    }, 100);
    const began = performance.now();
    const burst = await Promise.all(burstUsers.map((username) => me(stack.gatewayUrl, username)));
    const wallMs = performance.now() - began;
    clearInterval(sampler);
    rows.push(summarize(`${CONCURRENT_LOGINS} concurrent cold logins (all at once)`, burst));

    printTable(
      `Login through the gateway (in-process handlers), ${SAMPLES} in a row each`,
      ["request", "p50 ms", "p99 ms", "failed"],
      rows.map((row) => [row.label, row.p50, row.p99, row.failed]),
    );
    console.log(
      `\n${CONCURRENT_LOGINS} concurrent cold logins took ${(wallMs / 1000).toFixed(1)} s in all ` +
        `(${(CONCURRENT_LOGINS / (wallMs / 1000)).toFixed(1)} logins/s); the gateway's resident ` +
        `memory went from ${rssBefore} MiB to a peak of ${rssPeak} MiB`,
    );
  } finally {
    client.destroy();
  }
}

async function measureVerification(label: string, params: ScryptParams) {
  const hasher = scryptHasher(params);
  const stored = await hasher.hash(PASSWORD);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const began = performance.now();
    if (!(await hasher.verify(PASSWORD, stored))) throw new Error("verification failed");
    samples.push(performance.now() - began);
  }
  const memoryMiB = (128 * params.N * params.r) / 2 ** 20;
  return [label, ms(percentile(samples, 50)), ms(percentile(samples, 99)), memoryMiB];
}

async function seedUsers(
  users: UsersStore,
  prefix: string,
  count: number,
  params: ScryptParams,
): Promise<string[]> {
  const passwordHash = await scryptHasher(params).hash(PASSWORD);
  const run = Date.now().toString(36);
  const usernames = Array.from({ length: count }, (_, i) => `${prefix}_${run}_${i}`);
  for (const username of usernames) {
    const user: User = {
      username,
      email: `${username}@example.com`,
      passwordHash,
      karma: 0,
      active: true,
      createdAt: new Date().toISOString(),
    };
    await users.create(user);
  }
  return usernames;
}

interface Timing {
  ms: number;
  status: number;
}

async function timed(url: string, headers: Record<string, string> = {}): Promise<Timing> {
  const began = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  return { ms: performance.now() - began, status: response.status };
}

function me(gatewayUrl: string, username: string): Promise<Timing> {
  const authorization = basicAuthorization({ username, password: PASSWORD });
  return timed(`${gatewayUrl}/users/me`, { authorization });
}

async function sequential(label: string, count: number, request: (i: number) => Promise<Timing>) {
  const timings: Timing[] = [];
  for (let i = 0; i < count; i++) timings.push(await request(i));
  return summarize(label, timings);
}

function summarize(label: string, timings: Timing[]) {
  const samples = timings.map((t) => t.ms);
  return {
    label,
    p50: ms(percentile(samples, 50)),
    p99: ms(percentile(samples, 99)),
    failed: describeFailures(timings),
  };
}

/** How many failed, by status: "0", or "3 (2× 401, 1× 504)". */
function describeFailures(timings: Timing[]): string {
  const failed = new Map<number, number>();
  for (const { status } of timings) {
    if (status !== 200) failed.set(status, (failed.get(status) ?? 0) + 1);
  }
  const total = [...failed.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return "0";
  return `${total} (${[...failed].map(([status, n]) => `${n}× ${status}`).join(", ")})`;
}

/** A process's resident memory, from ps (Linux and macOS alike). */
function residentMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const kib = execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" });
  return Math.round(Number(kib.trim()) / 1024);
}

const ms = (value: number) => Math.round(value * 10) / 10;
