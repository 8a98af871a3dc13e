// One setting governs both authorizer caches: serverless.yml, as `serverless print` resolves
// it, gives API Gateway's authorizer (resultTtlInSeconds) and the authorizer function
// (AUTH_CACHE_TTL_SECONDS) the same TTL, locally and in AWS, 0 included.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { SERVERLESS_BIN } from "../../../local/serverless-cli";

const Printed = z.object({
  provider: z.object({ environment: z.object({ AUTH_CACHE_TTL_SECONDS: z.coerce.number() }) }),
  custom: z.object({ basicAuth: z.object({ resultTtlInSeconds: z.coerce.number() }) }),
  functions: z.record(
    z.string(),
    z.object({
      events: z
        .array(
          z.object({
            http: z
              .object({
                authorizer: z.object({ resultTtlInSeconds: z.coerce.number() }).optional(),
              })
              .optional(),
          }),
        )
        .optional(),
    }),
  ),
});

async function print(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { AGORA_AUTH_CACHE_TTL_SECONDS: _, ...inherited } = process.env;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [SERVERLESS_BIN, "print", "--format", "json", ...args],
    { env: { ...inherited, ...env }, maxBuffer: 16 * 1024 * 1024 },
  );
  return Printed.parse(JSON.parse(stdout));
}

/** The TTLs the template gives: the function's, and every authorized route's gateway TTL. */
function ttls(printed: z.output<typeof Printed>) {
  const routes = Object.values(printed.functions).flatMap((fn) =>
    (fn.events ?? []).flatMap((event) => (event.http?.authorizer ? [event.http.authorizer] : [])),
  );
  expect(routes.length).toBeGreaterThan(0);
  return {
    function: printed.provider.environment.AUTH_CACHE_TTL_SECONDS,
    gateway: [
      ...new Set(
        routes.map((a) => Number((a as { resultTtlInSeconds: unknown }).resultTtlInSeconds)),
      ),
    ],
  };
}

describe("the authorizer cache TTL in serverless.yml", () => {
  it.each([
    { description: "locally by default", args: ["--stage", "local"], env: {}, ttl: 30 },
    {
      description: "locally from AGORA_AUTH_CACHE_TTL_SECONDS",
      args: ["--stage", "local"],
      env: { AGORA_AUTH_CACHE_TTL_SECONDS: "45" },
      ttl: 45,
    },
    {
      description: "locally, 0 turning both off",
      args: ["--stage", "local"],
      env: { AGORA_AUTH_CACHE_TTL_SECONDS: "0" },
      ttl: 0,
    },
    { description: "in AWS by default", args: ["--stage", "prod"], env: {}, ttl: 30 },
    {
      description: "in AWS from --param",
      args: ["--stage", "prod", "--param=authCacheTtlSeconds=10"],
      env: {},
      ttl: 10,
    },
  ])(
    "is one value for the gateway and the function, $description",
    { timeout: 60_000 },
    async ({ args, env, ttl }) => {
      expect(ttls(await print(args, env))).toEqual({ function: ttl, gateway: [ttl] });
    },
  );
});
