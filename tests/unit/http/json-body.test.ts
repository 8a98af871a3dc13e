// The JSON body middleware inside the pipeline: size limit, parsing, and what reaches zod.
import { describe, expect, it, vi } from "vitest";
import * as z from "zod";
import { MAX_BODY_BYTES } from "../../../lib/http/json-body";
import { ok } from "../../../lib/http/responses";
import { publicRoute } from "../../../lib/http/route";
import { apiEvent, lambdaContext } from "../../support/api-gateway-events";

vi.spyOn(console, "log").mockImplementation(() => undefined);

const echo = publicRoute({ body: z.unknown() }, async ({ body }) => ok({ body: body ?? null }));
const named = publicRoute({ body: z.strictObject({ name: z.string() }) }, async ({ body }) =>
  ok(body),
);
const send = async (body: string | null, isBase64Encoded = false) => {
  const response = await echo(apiEvent({ body, isBase64Encoded }), lambdaContext);
  return { status: response.statusCode, body: JSON.parse(response.body) };
};

describe("jsonBody", () => {
  it.each([
    { description: "an object", body: '{"a":1}', parsed: { a: 1 } },
    { description: "an array", body: "[1,2]", parsed: [1, 2] },
    { description: "UTF-8 text", body: '{"name":"Zoë 🐱"}', parsed: { name: "Zoë 🐱" } },
  ])("parses $description", async ({ body, parsed }) => {
    expect(await send(body)).toEqual({ status: 200, body: { body: parsed } });
  });

  it("treats a missing or empty body as no body", async () => {
    expect((await send(null)).body).toEqual({ body: null });
    expect((await send("")).body).toEqual({ body: null });
  });

  it("decodes a base64 body before parsing it", async () => {
    const body = Buffer.from('{"b64":true}').toString("base64");
    expect((await send(body, true)).body).toEqual({ body: { b64: true } });
  });

  it("answers 400 bad_request for malformed JSON", async () => {
    const response = await send('{"a":');
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: "bad_request",
      message: "the request body is not valid JSON",
    });
  });

  it.each([
    { description: "a JSON string", body: '"hello"' },
    { description: "null", body: "null" },
    { description: "a number", body: "42" },
    { description: "an array", body: '[{"name":"x"}]' },
    { description: "no body at all", body: null },
  ])(
    "says the body must be a JSON object for $description where the route expects one",
    async ({ body }) => {
      const response = await named(apiEvent({ body }), lambdaContext);
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body).error).toEqual({
        code: "validation_failed",
        message: "the request is not valid",
        issues: [{ path: "body", message: "the request body must be a JSON object" }],
      });
    },
  );

  it("still names the fields of an object body that is wrong inside", async () => {
    const response = await named(apiEvent({ body: '{"name": 1}' }), lambdaContext);
    expect(JSON.parse(response.body).error.issues).toEqual([
      { path: "name", message: expect.stringContaining("expected string") },
    ]);
  });

  it("answers 413 for a body over the limit, counted in bytes, not characters", async () => {
    const atLimit = JSON.stringify("x".repeat(MAX_BODY_BYTES - 2));
    expect((await send(atLimit)).status).toBe(200);
    const multiByte = JSON.stringify("é".repeat(MAX_BODY_BYTES / 2));
    const response = await send(multiByte);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe("payload_too_large");
  });
});
