// The handler pipeline, called directly with fake API Gateway events.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as z from "zod";
import {
  ConflictError,
  ForbiddenError,
  InvalidRequest,
  NotFoundError,
  UnavailableError,
} from "../../../lib/domain-errors";
import { created, ok } from "../../../lib/http/responses";
import { authenticatedRoute, publicRoute } from "../../../lib/http/route";
import { lambdaContext as context, apiEvent as event } from "../../support/api-gateway-events";

const createThing = publicRoute(
  {
    body: z.object({ name: z.string().min(1) }),
    query: z.object({ n: z.coerce.number().default(1) }),
  },
  async ({ body, query }) => created(`/things/${body.name}`, { name: body.name, n: query.n }),
);

describe("publicRoute", () => {
  const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
  afterEach(() => logged.mockClear());

  it("parses the body and query and answers 201 with Location and JSON", async () => {
    const response = await createThing(
      event({ body: '{"name":"x"}', queryStringParameters: { n: "3" } }),
      context,
    );
    expect(response.statusCode).toBe(201);
    expect(response.headers).toMatchObject({
      "Content-Type": "application/json",
      Location: "/things/x",
    });
    expect(JSON.parse(response.body)).toEqual({ name: "x", n: 3 });
  });

  it("decodes base64 bodies", async () => {
    const body = Buffer.from('{"name":"b64"}').toString("base64");
    const response = await createThing(event({ body, isBase64Encoded: true }), context);
    expect(response.statusCode).toBe(201);
  });

  it.each([
    { body: "{nope", status: 400, code: "bad_request" },
    { body: '{"name":""}', status: 400, code: "validation_failed" },
    { body: null, status: 400, code: "validation_failed" },
    { body: JSON.stringify({ name: "x".repeat(70_000) }), status: 413, code: "payload_too_large" },
  ])("answers $status $code for body $body", async ({ body, status, code }) => {
    const response = await createThing(event({ body: body?.slice(0, 80_000) ?? null }), context);
    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject({ "Content-Type": "application/json" });
    expect(JSON.parse(response.body).error.code).toBe(code);
  });

  it("names the offending fields of a validation failure", async () => {
    const response = await createThing(
      event({ body: '{"name": 5}', queryStringParameters: { n: "many" } }),
      context,
    );
    const issues = JSON.parse(response.body).error.issues.map((i: { path: string }) => i.path);
    expect(issues).toEqual(["name"]);
  });

  class Taken extends ConflictError {}

  it.each([
    {
      kind: "invalid",
      error: new (class extends InvalidRequest {})("no", "invalid_word"),
      status: 400,
      code: "invalid_word",
    },
    {
      kind: "forbidden",
      error: new (class extends ForbiddenError {})("no"),
      status: 403,
      code: "forbidden",
    },
    {
      kind: "not_found",
      error: new (class extends NotFoundError {})("no"),
      status: 404,
      code: "not_found",
    },
    { kind: "conflict", error: new Taken("no"), status: 409, code: "conflict" },
    {
      kind: "unavailable",
      error: new (class extends UnavailableError {})("no"),
      status: 503,
      code: "unavailable",
    },
  ])("answers a $kind domain error with $status $code", async ({ error, status, code }) => {
    const response = await publicRoute({}, async () => {
      throw error;
    })(event(), context);
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body)).toEqual({ error: { code, message: "no" } });
    if (status === 503) expect(response.headers).toMatchObject({ "Retry-After": "1" });
  });

  it("maps typed errors and hides unexpected ones behind a 500", async () => {
    const conflict = publicRoute({}, async () => {
      throw new Taken("taken");
    });
    const crash = publicRoute({}, async () => {
      throw new Error("database password is hunter2");
    });
    const conflictResponse = await conflict(event(), context);
    expect(conflictResponse.statusCode).toBe(409);
    expect(JSON.parse(conflictResponse.body)).toEqual({
      error: { code: "conflict", message: "taken" },
    });

    const crashResponse = await crash(event(), context);
    expect(crashResponse.statusCode).toBe(500);
    expect(crashResponse.body).not.toContain("hunter2");
    expect(JSON.parse(crashResponse.body).error.code).toBe("internal");
    expect(logged.mock.calls.flat().join("\n")).toContain("hunter2");
  });

  it.each([
    [
      "failing inside (a 5xx)",
      Object.assign(new Error("boom"), {
        name: "InternalFailure",
        $metadata: { httpStatusCode: 500 },
      }),
    ],
    [
      "throttling",
      Object.assign(new Error("slow down"), {
        name: "ThrottlingException",
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      "unreachable",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" }),
    ],
  ])("answers an AWS service %s with 503 and Retry-After", async (_, error) => {
    const response = await publicRoute({}, async () => {
      throw error;
    })(event(), context);
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ "Retry-After": "1" });
    expect(JSON.parse(response.body)).toEqual({
      error: { code: "unavailable", message: "a store is unavailable; retry shortly" },
    });
  });

  it("keeps a refusal by an AWS service (a failed condition) a 500: a defect, not an outage", async () => {
    const refused = Object.assign(new Error("The conditional request failed"), {
      name: "ConditionalCheckFailedException",
      $metadata: { httpStatusCode: 400 },
    });
    const response = await publicRoute({}, async () => {
      throw refused;
    })(event(), context);
    expect(response.statusCode).toBe(500);
  });

  it("logs one line per request with method, path, status and duration, never headers", async () => {
    await createThing(
      event({ body: '{"name":"x"}', headers: { Authorization: "Basic c2VjcmV0OnNlY3JldA==" } }),
      context,
    );
    const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: "request",
      method: "POST",
      path: "/things",
      status: 201,
    });
    expect(typeof lines[0].durationMs).toBe("number");
    expect(JSON.stringify(lines)).not.toContain("c2VjcmV0");
  });
});

describe("authenticatedRoute", () => {
  const whoAmI = authenticatedRoute({}, async ({ username }) => ok({ username }));

  it("passes on the username from the authorizer context", async () => {
    const response = await whoAmI(
      event({ requestContext: { authorizer: { username: "alice" } } as never }),
      context,
    );
    expect(JSON.parse(response.body)).toEqual({ username: "alice" });
  });

  it("answers 401 with a Basic challenge if the context has no username", async () => {
    const response = await whoAmI(event(), context);
    expect(response.statusCode).toBe(401);
    expect(response.headers).toMatchObject({ "WWW-Authenticate": 'Basic realm="agora"' });
  });
});
