// Credentials under attack and revocation, through the real gateway: a deactivation refuses
// cached credentials on every instance at once, and failed password attempts lock a
// username (in Redis, shared by every instance) unless Redis cannot answer.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { ManagedProcess } from "../../local/process";
import { basicAuthorization, type Credentials, registerUser } from "../support/gateway";
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

describe("revocation across instances", () => {
  // A second gateway on the same stores: its authorizer is another instance with a cache
  // of its own, as concurrent Lambda instances would be. Unlike serverless-offline, it
  // is told of a gateway cache to flush on deactivation: a stand-in for API Gateway's
  // management API, which records the flushes and answers as the test says.
  let second: ManagedProcess | undefined;
  let secondUrl = "";
  let secondLog: string[] = [];
  let flushes: string[] = [];
  let flushStatus = 202;
  const management = createServer((request, response) => {
    flushes.push(`${request.method} ${request.url}`);
    request.resume();
    response.writeHead(flushStatus, { "Content-Type": "application/json" }).end("{}");
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => management.listen(0, "127.0.0.1", resolve));
    const managementUrl = `http://127.0.0.1:${(management.address() as AddressInfo).port}`;
    const gateway = await startSecondGateway("in-process", {
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

  beforeEach(() => {
    flushes = [];
    flushStatus = 202;
  });

  it("a deactivation refuses credentials both instances have cached, within 5 s", async () => {
    expect(inject("authCacheTtlSeconds")).toBeGreaterThan(5);
    const user = await registerUser("revoked");
    const first = inject("gatewayUrl");
    expect(await me(first, user)).toBe(200);
    expect(await me(secondUrl, user)).toBe(200);

    expect(await deactivate(secondUrl, user)).toBe(200);
    expect(flushes).toEqual(["DELETE /restapis/agora-test/stages/local/cache/authorizers"]);

    for (const gatewayUrl of [first, secondUrl]) {
      await eventually(
        `the credentials refused by ${gatewayUrl}`,
        async () => ((await me(gatewayUrl, user)) === 401 ? true : undefined),
        { timeoutMs: 5000 },
      );
    }
  });

  it("a gateway cache that cannot be flushed does not stop the deactivation", async () => {
    const user = await registerUser("unflushed");
    flushStatus = 500;
    expect(await deactivate(secondUrl, user)).toBe(200);
    expect(flushes.length).toBeGreaterThan(0);
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
