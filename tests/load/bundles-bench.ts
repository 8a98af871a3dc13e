// What serverless.yml's packaging buys (each function its own zip, minified, with linked
// source maps read through --enable-source-maps): each function's zip and a cold start,
// beside the baseline packaged in the same run as it was before, one zip for every
// function, unminified. Two other source map choices are measured too: inline maps, and
// none. A cold start is a fresh node process that loads the function's bundle, unpacked
// from its zip, with the environment the template gives it, and invokes it once against
// the stack's stores. Its CPU time is shown beside the wall clock: on a shared machine
// the other processes' load inflates the latter, not the former.
import { statSync } from "node:fs";
import { apiEvent, authenticatedEvent } from "../support/api-gateway-events";
import { basicAuthorization } from "../support/gateway";
import { type ColdInvocation, invokeCold } from "../support/lambda-process";
import {
  type PackagedFunction,
  type PackagedService,
  packageService,
  type ServiceConfig,
} from "../support/serverless-package";
import type { TestStack } from "../support/test-stack";
import { readZip } from "../support/zip";
import { percentile, printTable } from "./measure";

/** Fresh processes per function and build. */
const COLD_STARTS = 11;
const KB = 1024;

interface Build {
  label: string;
  /** How this build differs from serverless.yml; none for serverless.yml itself. */
  configure?: (config: ServiceConfig) => void;
}

const BASELINE: Build = {
  label: "one zip, unminified (before)",
  configure: (config) => {
    config.package.individually = false;
    Object.assign(config.custom.esbuild, {
      minify: false,
      keepNames: false,
      sourcemap: true,
      sourcesContent: true,
    });
    delete config.provider.environment.NODE_OPTIONS;
  },
};

const CURRENT: Build = { label: "serverless.yml" };

const BUILDS: Build[] = [
  BASELINE,
  CURRENT,
  {
    label: "inline maps",
    configure: (config) => {
      config.custom.esbuild.sourcemap = "inline";
      config.provider.environment.NODE_OPTIONS = "--enable-source-maps";
    },
  },
  {
    label: "no maps",
    configure: (config) => {
      config.custom.esbuild.sourcemap = false;
      delete config.provider.environment.NODE_OPTIONS;
    },
  },
];

export async function benchBundles(stack: TestStack): Promise<void> {
  const events = await coldStartEvents(stack.gatewayUrl);
  const packaged: { build: Build; service: PackagedService }[] = [];
  try {
    for (const build of BUILDS) {
      const service = await packageService({
        stage: "local",
        env: stack.functionEnv,
        configure: build.configure,
      });
      packaged.push({ build, service });
    }
    printZipSizes(packaged);

    // Rounds over every build in turn, so that the shared machine's load drifts over all alike.
    const samples = new Map<string, ColdInvocation[]>();
    for (let round = 0; round < COLD_STARTS; round++) {
      for (const { build, service } of packaged) {
        for (const [key, event] of Object.entries(events)) {
          const invocation = await invokeCold(service, functionOf(service, key), event);
          if (invocation.error || !servedWell(invocation.result)) {
            throw new Error(`${key} (${build.label}) failed: ${JSON.stringify(invocation)}`);
          }
          const id = `${build.label} ${key}`;
          samples.set(id, [...(samples.get(id) ?? []), invocation]);
        }
      }
    }
    const table = (title: string, load: keyof ColdInvocation, call: keyof ColdInvocation) =>
      printTable(
        `${title}, median of ${COLD_STARTS} fresh processes: load / first call, ms`,
        ["function", ...BUILDS.map((build) => build.label)],
        Object.keys(events).map((key) => [
          key,
          ...BUILDS.map((build) => {
            const invocations = samples.get(`${build.label} ${key}`) ?? [];
            const median = (field: keyof ColdInvocation) =>
              Math.round(
                percentile(
                  invocations.map((i) => Number(i[field])),
                  50,
                ),
              );
            return `${median(load)} / ${median(call)}`;
          }),
        ]),
      );
    table("Cold start, CPU time", "loadCpuMs", "invokeCpuMs");
    table("Cold start, wall clock", "loadMs", "invokeMs");
  } finally {
    for (const { service } of packaged) service.remove();
  }
}

/** The functions whose cold starts are measured, one per kind of store, and their events. */
async function coldStartEvents(gatewayUrl: string): Promise<Record<string, unknown>> {
  const user = { username: "bundles_bench", email: "bundles@example.com", password: "bench pass" };
  const registered = await fetch(`${gatewayUrl}/users`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(user),
  });
  if (![201, 409].includes(registered.status)) throw new Error(`register: ${registered.status}`);
  const created = await fetch(`${gatewayUrl}/games`, {
    method: "POST",
    headers: { Authorization: basicAuthorization(user) },
  });
  if (created.status !== 201) throw new Error(`create game: ${created.status}`);
  const { id } = (await created.json()) as { id: string };
  return {
    "health-ping": apiEvent({ httpMethod: "GET", path: "/health" }),
    authorize: {
      type: "REQUEST",
      methodArn: "arn:aws:execute-api:us-east-1:000000000000:agora/local/GET/users/me",
      headers: { Authorization: basicAuthorization(user) },
    },
    "users-get": apiEvent({
      httpMethod: "GET",
      path: `/users/${user.username}`,
      pathParameters: { username: user.username },
    }),
    "games-get": authenticatedEvent(user.username, {
      httpMethod: "GET",
      path: `/games/${id}`,
      pathParameters: { id },
    }),
    // A word outside the dictionary: the guess reads the game and checks the word list,
    // and is refused (400) without changing the game.
    "games-guess": authenticatedEvent(user.username, {
      httpMethod: "POST",
      path: `/games/${id}/guesses`,
      pathParameters: { id },
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ guess: "zzzzz" }),
    }),
    "leaderboard-get": apiEvent({ httpMethod: "GET", path: "/leaderboard" }),
  };
}

/** An HTTP answer below 500, or the authorizer's policy. */
function servedWell(result: unknown): boolean {
  if (typeof result !== "object" || result === null) return false;
  if ("statusCode" in result) return Number(result.statusCode) < 500;
  return "principalId" in result;
}

function functionOf(service: PackagedService, key: string): PackagedFunction {
  const fn = service.functions.find((f) => f.key === key);
  if (!fn) throw new Error(`no function ${key} in the package`);
  return fn;
}

function printZipSizes(packaged: { build: Build; service: PackagedService }[]): void {
  const kb = (bytes: number) => Math.round(bytes / KB).toLocaleString("en-US");
  const baseline = packaged.find(({ build }) => build === BASELINE)?.service;
  const current = packaged.find(({ build }) => build === CURRENT)?.service;
  const after = packaged.filter(({ build }) => build !== BASELINE);
  if (!baseline || !current) throw new Error("the baseline and serverless.yml must be packaged");
  const rows = baseline.functions.map(({ key }) => [
    key,
    bundleAndMap(functionOf(baseline, key), kb),
    bundleAndMap(functionOf(current, key), kb),
    ...after.map(({ service }) => kb(statSync(functionOf(service, key).zipPath).size)),
  ]);
  const zipsOf = (service: PackagedService) => [
    ...new Set(service.functions.map((f) => f.zipPath)),
  ];
  const totalSize = (zips: string[]) => kb(zips.reduce((sum, zip) => sum + statSync(zip).size, 0));
  rows.push([
    "all functions",
    `one zip of ${totalSize(zipsOf(baseline))}`,
    "",
    ...after.map(({ service }) => totalSize(zipsOf(service))),
  ]);
  printTable(
    "Function code, KB: bundle + source map as unpacked, and each build's zip",
    ["function", BASELINE.label, CURRENT.label, ...after.map(({ build }) => `zip, ${build.label}`)],
    rows,
  );
}

/** "812 + 1,530": the function's bundle and source map, uncompressed, as its zip holds them. */
function bundleAndMap(fn: PackagedFunction, kb: (bytes: number) => string): string {
  const bundle = `${fn.handler.slice(0, fn.handler.lastIndexOf("."))}.cjs`;
  const entries = readZip(fn.zipPath);
  const size = (name: string) => entries.find((entry) => entry.name === name)?.size ?? 0;
  return `${kb(size(bundle))} + ${kb(size(`${bundle}.map`))}`;
}
