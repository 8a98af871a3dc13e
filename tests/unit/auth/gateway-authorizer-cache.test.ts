// Flushing API Gateway's authorizer cache with the real SDK, against a stand-in for the
// gateway's management API on loopback: the request it sends, and failures that must not
// fail a deactivation.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createGatewayAuthorizerCache } from "../../../lib/auth/gateway-authorizer-cache";
import { freePort } from "../../support/free-port";

const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
const logLines = () => logged.mock.calls.map(([line]) => JSON.parse(String(line)));

let server: Server;
let endpoint: string;
let requests: Pick<IncomingMessage, "method" | "url" | "headers">[] = [];
let answer = { status: 202, body: "" };

beforeAll(async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "local");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "local");
  server = createServer((request, response) => {
    requests.push({ method: request.method, url: request.url, headers: request.headers });
    request.resume();
    response.writeHead(answer.status, { "Content-Type": "application/json" }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
  answer = { status: 202, body: "" };
  logged.mockClear();
});

const stage = () => ({ restApiId: "abc123", stageName: "prod", region: "us-east-1", endpoint });

describe("gateway authorizer cache", () => {
  it("flushes the stage's authorizer cache with a signed FlushStageAuthorizersCache", async () => {
    await createGatewayAuthorizerCache(stage()).flush();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe("DELETE");
    expect(requests[0]?.url).toBe("/restapis/abc123/stages/prod/cache/authorizers");
    expect(requests[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(logLines()).toContainEqual(
      expect.objectContaining({ level: "info", msg: "gateway authorizer cache flushed" }),
    );
  });

  it("logs a refusal and never throws", async () => {
    answer = { status: 404, body: '{"message":"Invalid stage identifier specified"}' };
    await expect(createGatewayAuthorizerCache(stage()).flush()).resolves.toBeUndefined();
    expect(logLines()).toContainEqual(
      expect.objectContaining({
        level: "error",
        msg: "gateway authorizer cache not flushed; its answers expire within the TTL",
        restApiId: "abc123",
      }),
    );
  });

  it("logs an unreachable gateway and never throws", async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const cache = createGatewayAuthorizerCache({ ...stage(), endpoint: nobody });
    await expect(cache.flush()).resolves.toBeUndefined();
    expect(logLines()).toContainEqual(expect.objectContaining({ level: "error" }));
  });

  it("does nothing where the gateway keeps no cache", async () => {
    await createGatewayAuthorizerCache(undefined).flush();
    expect(requests).toEqual([]);
    expect(logged).not.toHaveBeenCalled();
  });
});
