// Read-your-writes through the games route helper: the position a request presents (header
// or cookie), the one it reports back, and the cookie a write sets.
import type { APIGatewayProxyEvent } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { gamesRoute } from "../../../lib/games/games-route";
import { ok } from "../../../lib/http/responses";
import { authenticatedEvent, lambdaContext } from "../../support/api-gateway-events";

vi.spyOn(console, "log").mockImplementation(() => undefined);

/** A route that records the position it was given, then observes and maybe writes. */
function route(work: { observe?: number; write?: number; fail?: boolean } = {}) {
  const seen: (number | undefined)[] = [];
  const handler = gamesRoute({}, async ({ position }) => {
    seen.push(position.minTxid);
    if (work.observe !== undefined) position.observe(work.observe);
    if (work.write !== undefined) position.wrote(work.write);
    if (work.fail) throw new Error("boom");
    return ok({});
  });
  const call = (headers: APIGatewayProxyEvent["headers"] = {}) =>
    handler(
      authenticatedEvent("alice", { httpMethod: "GET", path: "/games", headers }),
      lambdaContext,
    );
  return { call, seen };
}

describe("read-your-writes", () => {
  it("takes the position from x-agora-txid, or else from the __txid cookie", async () => {
    const { call, seen } = route();
    await call({ "X-Agora-Txid": "42" });
    await call({ Cookie: "theme=dark; __txid=17; other=1" });
    await call({});
    expect(seen).toEqual([42, 17, undefined]);
  });

  it("reports back the newest position the request saw, never less than it presented", async () => {
    expect((await route({ observe: 50 }).call({ "x-agora-txid": "42" })).headers).toMatchObject({
      "x-agora-txid": "50",
    });
    expect((await route({ observe: 10 }).call({ "x-agora-txid": "42" })).headers).toMatchObject({
      "x-agora-txid": "42",
    });
    expect((await route().call()).headers).toMatchObject({ "x-agora-txid": "0" });
  });

  it("sets the __txid cookie after a write, and only then", async () => {
    const written = await route({ write: 7 }).call();
    expect(written.headers?.["Set-Cookie"]).toBe(
      "__txid=7; Path=/; Max-Age=60; HttpOnly; SameSite=Lax",
    );
    expect((await route({ observe: 7 }).call()).headers?.["Set-Cookie"]).toBeUndefined();
  });

  it("stamps the position on error responses too", async () => {
    const response = await route({ fail: true }).call({ "x-agora-txid": "9" });
    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({ "x-agora-txid": "9" });
  });

  it.each(["-1", "1.5", "abc", "9".repeat(16)])(
    "answers 400 for a malformed position %s",
    async (txid) => {
      const response = await route().call({ "x-agora-txid": txid });
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body).error.message).toBe(
        "the x-agora-txid header must be a transaction id (a non-negative integer)",
      );
    },
  );

  it.each(["abc", "-1", "1.5", "%7B%7D"])(
    "answers 400 naming the cookie for a malformed __txid cookie %s",
    async (txid) => {
      const response = await route().call({ Cookie: `theme=dark; __txid=${txid}` });
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body).error).toEqual({
        code: "bad_request",
        message: "the __txid cookie must be a transaction id (a non-negative integer)",
      });
    },
  );

  it("takes a valid header over a malformed cookie, and ignores other cookies", async () => {
    const { call, seen } = route();
    expect((await call({ "x-agora-txid": "5", cookie: "__txid=junk" })).statusCode).toBe(200);
    expect((await call({ cookie: "not__txid=junk; __txid_other=1" })).statusCode).toBe(200);
    expect(seen).toEqual([5, undefined]);
  });
});
