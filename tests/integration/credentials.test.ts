// Credentials under attack and revocation, through the real gateway: a deactivation refuses
// credentials every gateway worker has cached within seconds, and failed password attempts
// lock a username (in Redis, shared by every instance) unless Redis cannot answer.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ManagedProcess } from "../../local/process";
import {
  basicAuthorization,
  type Credentials,
  meOnNewConnection,
  registerUser,
} from "../support/gateway";
import { eventually } from "../support/poll";
import { startSecondGateway } from "../support/second-gateway";

/** GET /users/me through the gateway at `gatewayUrl`: its status. */
async function me(gatewayUrl: string, user: Credentials): Promise<number> {
  const response = await fetch(`${gatewayUrl}/users/me`, {
    headers: { authorization: basicAuthorization(user) },
  });
  await response.body?.cancel();
  return response.status;
}

/** DELETE /users/{username} as the user, through the gateway at `gatewayUrl`: its status. */
async function deactivate(gatewayUrl: string, user: Credentials): Promise<number> {
  const response = await fetch(`${gatewayUrl}/users/${user.username}`, {
    method: "DELETE",
    headers: { authorization: basicAuthorization(user) },
  });
  await response.body?.cancel();
  return response.status;
}

const wrong = (user: Credentials) => ({ ...user, password: "not the password" });

describe("revocation across gateway workers", () => {
  // The stack runs two gateway workers, each with its own authorizer instance and its own
  // emulated API Gateway cache (TTL 60 s in tests). Each call below opens a connection of
  // its own, and the gateway hands connections to its workers in turn, so both see them.
  it("a deactivation refuses credentials every worker has cached, within 5 s", async () => {
    expect(inject("authCacheTtlSeconds")).toBeGreaterThan(5);
    const user = await registerUser("revoked");
    const gatewayUrl = inject("gatewayUrl");
    for (let i = 0; i < 4; i++) expect(await meOnNewConnection(user, gatewayUrl)).toBe(200);

    expect(await deactivate(gatewayUrl, user)).toBe(200);

    await eventually(
      "the credentials refused on every worker",
      async () => {
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push(await meOnNewConnection(user, gatewayUrl));
        return statuses.every((status) => status === 401) ? true : undefined;
      },
      { timeoutMs: 5000 },
    );
  });
});

describe("a gateway cache that cannot be flushed", () => {
  // A second gateway on the same stores, told of a stand-in for API Gateway's management
  // API that refuses to flush, and with no cache of its own (TTL 0), so the refusal is all
  // there is to see.
  let second: ManagedProcess | undefined;
  let secondUrl = "";
  let secondLog: string[] = [];
  const flushes: string[] = [];
  const management = createServer((request, response) => {
    flushes.push(`${request.method} ${request.url}`);
    request.resume();
    response.writeHead(500, { "Content-Type": "application/json" }).end("{}");
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => management.listen(0, "127.0.0.1", resolve));
    const managementUrl = `http://127.0.0.1:${(management.address() as AddressInfo).port}`;
    const gateway = await startSecondGateway("in-process", {
      AGORA_AUTH_CACHE_TTL_SECONDS: "0",
      AGORA_API_GATEWAY_ENDPOINT: managementUrl,
      AGORA_API_GATEWAY_REST_API_ID: "agora-test",
    });
    second = gateway.process;
    secondUrl = gateway.gatewayUrl;
    secondLog = gateway.log;
  });

  afterAll(async () => {
    await second?.stop();
    await new Promise((resolve) => management.close(resolve));
  });

  it("does not stop the deactivation", async () => {
    const user = await registerUser("unflushed");
    expect(await deactivate(secondUrl, user)).toBe(200);
    // The SDK retries a 500: each attempt is the same flush.
    expect(new Set(flushes)).toEqual(
      new Set(["DELETE /restapis/agora-test/stages/local/cache/authorizers"]),
    );
    expect(await me(secondUrl, user)).toBe(401);
    expect(secondLog.join("\n")).toContain("gateway authorizer cache not flushed");
  });
});

describe("failed password attempts", () => {
  const limit = inject("loginAttemptsLimit");
  const gatewayUrl = inject("gatewayUrl");
  const redis = new Redis(inject("redisUrl"), {
    password: inject("redisPassword"),
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });

  afterAll(async () => {
    await redis.call("CLIENT", "UNPAUSE").catch(() => undefined);
    redis.disconnect();
  });

  /** Fails `limit` times, which locks the username until its window ends. */
  async function lockOut(user: Credentials): Promise<void> {
    for (let i = 0; i < limit; i++) expect(await me(gatewayUrl, wrong(user))).toBe(401);
  }

  it("lock a username after the limit: even its right password is refused", async () => {
    const [user, bystander] = await Promise.all([registerUser("locked"), registerUser()]);
    await lockOut(user);
    expect(await me(gatewayUrl, user)).toBe(401);
    expect(await me(gatewayUrl, bystander)).toBe(200);

    const key = `login-attempts:${user.username}`;
    expect(Number(await redis.get(key))).toBeGreaterThan(limit);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("count only failures: right passwords just under the limit still log in", async () => {
    const user = await registerUser();
    for (let i = 0; i < limit - 1; i++) expect(await me(gatewayUrl, wrong(user))).toBe(401);
    // Headers the authorizer has not verified before (the username in other cases), so
    // each runs scrypt and is counted as an attempt, then taken back as a success.
    const capitalized = user.username[0]?.toUpperCase() + user.username.slice(1);
    for (const username of [capitalized, user.username.toUpperCase(), user.username]) {
      expect(await me(gatewayUrl, { ...user, username })).toBe(200);
    }
  });

  it("fail open while Redis cannot answer: a locked username logs in with its password", async () => {
    const user = await registerUser("failopen");
    await lockOut(user);
    expect(await me(gatewayUrl, user)).toBe(401);

    // Longer than the functions' 2 s Redis command timeout.
    await redis.call("CLIENT", "PAUSE", "6000", "ALL");
    try {
      expect(await me(gatewayUrl, user)).toBe(200);
    } finally {
      // Paused, Redis holds this too until the pause ends: nothing after sees it paused.
      await redis.call("CLIENT", "UNPAUSE");
    }
  });
});
