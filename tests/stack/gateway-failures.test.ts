// The local gateway never answers a 5xx with an empty body: a function that fails behind its
// route, however it fails, gets serverless.yml's DEFAULT_5XX, JSON in API.md's error shape,
// as API Gateway answers in AWS. Run against tests/stack/failing-service, whose functions
// fail in every way a function can, under serverless-offline with Agora's plugins. The
// gateway records each answer it gives itself, and only those, through the request log
// function the service names.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { warmUpFunctions } from "../../local/function-checks";
import {
  httpAnswers,
  type ManagedProcess,
  spawnManaged,
  waitUntilHealthy,
} from "../../local/process";
import { SERVERLESS_BIN } from "../../local/serverless-cli";
import { freePorts } from "../support/free-port";

const serviceDir = fileURLToPath(new URL("failing-service/", import.meta.url));
const serverlessBin = fileURLToPath(new URL(`../../${SERVERLESS_BIN}`, import.meta.url));

/** The gateway's cap on requests in flight, small enough for a test to reach. */
const MAX_IN_FLIGHT = 3;

let gateway: ManagedProcess | undefined;
let gatewayUrl: string;
let lambdaEndpoint: string;
let recordedDir: string;

beforeAll(async () => {
  recordedDir = await mkdtemp(join(tmpdir(), "agora-gateway-failures-"));
  const [httpPort, lambdaPort] = await freePorts(2);
  gatewayUrl = `http://127.0.0.1:${httpPort}`;
  lambdaEndpoint = `http://127.0.0.1:${lambdaPort}`;
  gateway = spawnManaged({
    name: "gateway",
    command: process.execPath,
    args: [
      serverlessBin,
      "offline",
      "start",
      "--host",
      "127.0.0.1",
      "--httpPort",
      String(httpPort),
      "--lambdaPort",
      String(lambdaPort),
      "--useInProcess", // as npm start runs it
    ],
    cwd: serviceDir,
    env: {
      AGORA_GATEWAY_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
      FAILING_SERVICE_RECORDED_FILE: join(recordedDir, "recorded.jsonl"),
    },
    log: () => undefined,
  });
  await waitUntilHealthy(gateway, "the failing service's gateway", () =>
    httpAnswers(`${gatewayUrl}/answers`, (status) => status === 200),
  );
});

afterAll(async () => {
  await gateway?.stop();
  await rm(recordedDir, { recursive: true, force: true });
});

/** The access log records the gateway handed the service's request log function, for one path. */
async function recorded(path: string) {
  const lines = await readFile(join(recordedDir, "recorded.jsonl"), "utf8").catch(() => "");
  return lines
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((entry) => entry.path === path);
}

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${gatewayUrl}${path}`, { headers });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    retryAfter: response.headers.get("retry-after"),
    text,
  };
}

describe("a function failing behind its route", () => {
  it.each([
    ["throws while loading", "/throws-while-loading"],
    ["throws", "/throws"],
    ["crashes outside its promise", "/crashes"],
    ["times out", "/times-out"],
    ["returns nothing", "/returns-nothing"],
    ["returns an object that is not a proxy result", "/returns-no-proxy-result"],
    ["returns a body that is not a string", "/returns-object-body"],
  ])("answers 502 with a JSON error when it %s", async (_, path) => {
    const response = await get(path);
    expect(response.status).toBe(502);
    expect(response.type).toMatch(/^application\/json/);
    expect(JSON.parse(response.text)).toEqual({
      error: { code: "internal", message: "something went wrong on our side" },
    });
  });

  it("leaves the gateway serving the other functions", async () => {
    await get("/crashes");
    expect((await get("/answers")).status).toBe(200);
  });
});

describe("an authorizer", () => {
  const credentials = { Authorization: "Basic YWRhOnNlY3JldA==" };

  it("that refuses answers 401: the credentials are wrong", async () => {
    const response = await get("/refused", credentials);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.text).error.code).toBe("unauthorized");
  });

  it.each([
    ["fails", "/authorizer-fails"],
    ["times out", "/authorizer-hangs"],
  ])(
    "that %s answers 503 with Retry-After, not a 401: the credentials may be right",
    async (_, path) => {
      const response = await get(path, credentials);
      expect(response.status).toBe(503);
      expect(response.retryAfter).toBe("1");
      expect(response.type).toMatch(/^application\/json/);
      expect(JSON.parse(response.text)).toEqual({
        error: { code: "unavailable", message: "authentication is unavailable; retry shortly" },
      });
    },
  );

  it("that fails for one request leaves the next ones their own answers", async () => {
    const answers = await Promise.all([
      get("/authorizer-fails", credentials),
      get("/refused", credentials),
      get("/answers"),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([503, 401, 200]);
  });
});

describe("a gateway with more requests in flight than it serves at once", () => {
  it("sheds the rest at once with 503, Retry-After and a JSON error, then serves again", async () => {
    const slow = Array.from({ length: MAX_IN_FLIGHT }, () => get("/times-out"));
    // The slow calls hold every place for 2 s; ask until they have all arrived.
    let shed = await get("/answers");
    for (let tries = 0; shed.status === 200 && tries < 15; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      shed = await get("/answers");
    }
    expect(shed.status).toBe(503);
    expect(shed.retryAfter).toBe("1");
    expect(shed.type).toMatch(/^application\/json/);
    expect(JSON.parse(shed.text)).toEqual({
      error: { code: "unavailable", message: "Agora is busy; retry shortly" },
    });
    expect((await Promise.all(slow)).map((answer) => answer.status)).toEqual([502, 502, 502]);
    expect((await get("/answers")).status).toBe(200);
  });
});

describe("the request log", () => {
  it("has each answer the gateway gives itself, once: a failed function, an unknown route", async () => {
    for (const [path, status] of [
      ["/throws", 502],
      ["/no-such-route", 404],
    ] as const) {
      const before = await recorded(path);
      expect((await get(path)).status).toBe(status);
      expect(await recorded(path)).toEqual([
        ...before,
        {
          requestId: expect.any(String),
          method: "GET",
          path,
          status: String(status),
          requestTimeEpoch: expect.stringMatching(/^\d{13}$/),
          integrationStatus: "-",
        },
      ]);
    }
  });

  it("answers the same, and soon, when the request log fails or does not answer", async () => {
    for (const path of ["/unrecordable", "/unanswered"]) {
      const began = performance.now();
      const response = await get(path);
      // The recorder would answer only at its 10 s timeout; the answer waits 1 s at most.
      expect(performance.now() - began).toBeLessThan(5000);
      expect(response.status).toBe(404);
      expect(JSON.parse(response.text)).toEqual({
        error: { code: "not_found", message: "no such route" },
      });
    }
  });

  it("leaves a function's own answers, errors included, to the function", async () => {
    for (const path of ["/answers-unavailable", "/answers"]) {
      const before = await recorded(path); // a shed call the gateway answered, say
      await get(path);
      expect(await recorded(path)).toEqual(before);
    }
  });
});

describe("a function's own answers", () => {
  it("pass through untouched, errors included", async () => {
    expect(await get("/answers")).toMatchObject({ status: 200, text: '{"ok":true}' });
    const unavailable = await get("/answers-unavailable");
    expect(unavailable.status).toBe(503);
    expect(JSON.parse(unavailable.text)).toEqual({
      error: { code: "unavailable", message: "try again" },
    });
  });
});

describe("the warm-up of npm start", () => {
  it("names a function that cannot load, and why", async () => {
    await expect(
      warmUpFunctions(lambdaEndpoint, [
        { key: "answers", name: "failing-dev-answers" },
        { key: "throwsWhileLoading", name: "failing-dev-throwsWhileLoading" },
      ]),
    ).rejects.toThrow(
      "function throwsWhileLoading cannot serve: invalid configuration: SOME_SETTING: Required",
    );
  });

  it("passes when every function answers", async () => {
    await warmUpFunctions(lambdaEndpoint, [{ key: "answers", name: "failing-dev-answers" }]);
  });
});
