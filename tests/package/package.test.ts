// `serverless package`, as a deploy runs it (on a copy of the service, never in the
// checkout): the CloudFormation template holds everything serverless.yml declares, and
// each function's zip holds its own small bundle, whose stack traces point at TypeScript.
import { readFileSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import answers from "../../lib/games/words/answers.json";
import validGuesses from "../../lib/games/words/valid-guesses.json";
import { invokeCold } from "../support/lambda-process";
import {
  type CloudFormationTemplate,
  lambdaFunctions,
  type PackagedService,
  packageService,
} from "../support/serverless-package";
import { readZip } from "../support/zip";

/** Any stage but "local", whose settings point at the local stack. */
const STAGE = "dev";
const MAX_ZIP_BYTES = 1_000_000;

const httpEventSchema = z.object({
  http: z.object({
    method: z.string(),
    path: z.string(),
    authorizer: z
      .object({
        name: z.string(),
        type: z.string(),
        identitySource: z.string(),
        resultTtlInSeconds: z.coerce.number(),
      })
      .optional(),
  }),
});
const scheduleEventSchema = z.object({
  schedule: z.union([z.string(), z.object({ rate: z.string() })]),
});

let service: PackagedService;

beforeAll(async () => {
  service = await packageService({ stage: STAGE });
});

afterAll(() => service?.remove());

describe("the CloudFormation template", () => {
  it("has every function of serverless.yml, with its handler", () => {
    const declared = Object.entries(service.config.functions).map(([key, fn]) => ({
      FunctionName: functionName(key),
      Handler: fn.handler,
    }));
    expect(declared.length).toBeGreaterThan(0);
    const packaged = lambdaFunctions(service.template).map(({ FunctionName, Handler }) => ({
      FunctionName,
      Handler,
    }));
    expect(sortedByName(packaged)).toEqual(sortedByName(declared));
  });

  it("has every resource of serverless.yml as declared: tables, gateway responses", () => {
    const declared = Object.entries(service.config.resources.Resources);
    const types = declared.map(([, resource]) => resource.Type);
    expect(types).toContain("AWS::DynamoDB::Table");
    expect(types).toContain("AWS::ApiGateway::GatewayResponse");
    for (const [logicalId, resource] of declared) {
      expect(service.template.Resources[logicalId], logicalId).toMatchObject(resource);
    }
  });

  it("has the authorizer, in front of every route that names it", () => {
    const authorizers = resourcesOfType(service.template, "AWS::ApiGateway::Authorizer");
    const routes = routesOf(service.template);
    let authorizedRoutes = 0;
    for (const [key, event] of httpEvents()) {
      const declared = event.http.authorizer;
      if (!declared) continue;
      authorizedRoutes++;
      const authorizer = authorizers.find(([, a]) => a.Properties.Name === declared.name);
      expect(authorizer, `authorizer ${declared.name}`).toBeDefined();
      if (!authorizer) continue;
      const [authorizerId, { Properties }] = authorizer;
      expect(Properties).toMatchObject({
        Type: declared.type.toUpperCase(),
        IdentitySource: declared.identitySource,
        AuthorizerResultTtlInSeconds: declared.resultTtlInSeconds,
      });
      expect(JSON.stringify(Properties.AuthorizerUri)).toContain(
        `"${functionLogicalId(declared.name)}"`,
      );
      const route = routes.find((r) => r.target === functionLogicalId(key));
      expect(route?.authorizerId, `${key}'s route`).toBe(authorizerId);
    }
    expect(authorizedRoutes).toBeGreaterThan(0);
  });

  it("routes every http event to its function", () => {
    const declared = httpEvents().map(([key, { http }]) => ({
      method: http.method.toUpperCase(),
      path: `/${http.path.replace(/^\//, "")}`,
      target: functionLogicalId(key),
    }));
    const packaged = routesOf(service.template).map(({ method, path, target }) => ({
      method,
      path,
      target,
    }));
    expect(sortedByRoute(packaged)).toEqual(sortedByRoute(declared));
  });

  it("schedules every schedule event", () => {
    const declared = Object.entries(service.config.functions).flatMap(([key, fn]) =>
      fn.events.flatMap((event) => {
        const parsed = scheduleEventSchema.safeParse(event);
        if (!parsed.success) return [];
        const { schedule } = parsed.data;
        return [{ key, rate: typeof schedule === "string" ? schedule : schedule.rate }];
      }),
    );
    expect(declared.length).toBeGreaterThan(0);
    const rules = resourcesOfType(service.template, "AWS::Events::Rule");
    for (const { key, rate } of declared) {
      const rule = rules.find(
        ([, r]) =>
          r.Properties.ScheduleExpression === rate &&
          JSON.stringify(r.Properties.Targets).includes(`"${functionLogicalId(key)}"`),
      );
      expect(rule, `${key} on ${rate}`).toBeDefined();
    }
  });
});

describe("the request log in AWS", () => {
  it("gets the calls the gateway answers itself from the stage's access log", () => {
    const format = (service.config.provider as { logs?: { restApi?: { format?: string } } }).logs
      ?.restApi?.format;
    // The fields lib/request-log/access-log.ts reads, with API Gateway's values for them.
    expect(JSON.parse(format ?? "{}")).toMatchObject({
      method: "$context.httpMethod",
      path: "$context.path",
      status: "$context.status",
      requestTimeEpoch: "$context.requestTimeEpoch",
      integrationStatus: "$context.integration.status",
    });
    const [subscription, ...others] = Object.values(service.template.Resources).filter(
      (resource) => resource.Type === "AWS::Logs::SubscriptionFilter",
    );
    expect(others).toEqual([]);
    expect(subscription?.Properties).toMatchObject({
      LogGroupName: `/aws/api-gateway/agora-${STAGE}`,
      FilterPattern: '{ $.integrationStatus = "-" }',
      DestinationArn: { "Fn::GetAtt": ["LogsDashingestAccessLogLambdaFunction", "Arn"] },
    });
    expect(subscription?.DependsOn).toContain("ApiGatewayLogGroup");
    expect(service.template.Resources.ApiGatewayLogGroup?.Properties).toMatchObject({
      LogGroupName: `/aws/api-gateway/agora-${STAGE}`,
    });
  });
});

describe("the function zips", () => {
  it("are one per function, none over 1 MB", () => {
    const zips = service.functions.map((fn) => fn.zipPath);
    expect(new Set(zips).size).toBe(Object.keys(service.config.functions).length);
    for (const fn of service.functions) {
      expect(statSync(fn.zipPath).size, fn.key).toBeLessThanOrEqual(MAX_ZIP_BYTES);
    }
  });

  it("hold only their bundle and its map: no node_modules, better-sqlite3 or import()", () => {
    for (const fn of service.functions) {
      const bundle = bundleFileOf(fn.handler);
      const names = readZip(fn.zipPath).map((entry) => entry.name);
      expect(names, fn.key).toContain(bundle);
      expect(
        names.filter((name) => name !== bundle && name !== `${bundle}.map`),
        fn.key,
      ).toEqual([]);
      const text = bundleText(fn.zipPath, bundle);
      // better-sqlite3 is games-db's, a native module no function may load.
      expect(text, fn.key).not.toContain("better-sqlite3");
      // The runtime's AWS SDK is found through NODE_PATH, which import() ignores.
      expect(text, fn.key).not.toMatch(/\bimport\(/);
    }
  });

  it("carry a word list only in the games function that uses it", () => {
    const holding = (words: string[]) =>
      service.functions
        .filter((fn) =>
          bundleText(fn.zipPath, bundleFileOf(fn.handler)).includes(
            JSON.stringify(words.slice(0, 3)).slice(1, -1),
          ),
        )
        .map((fn) => fn.key);
    expect(holding(answers)).toEqual(["games-create"]);
    expect(holding(validGuesses)).toEqual(["games-guess"]);
  });

  it("turn an error thrown in a handler into a stack trace at its TypeScript line", async () => {
    const fn = service.functions.find((f) => f.key === "users-adjustKarma");
    if (!fn) throw new Error("no users-adjustKarma function");
    // An event without `delta` is refused by lib/internal-function.ts, in the handler.
    const { error } = await invokeCold(service, fn, { username: "alice" });
    const line = lineOf("lib/internal-function.ts", "throw new InvalidEvent(");
    expect(error?.name).toBe("InvalidEvent");
    expect(error?.stack?.split("\n")).toContainEqual(
      expect.stringMatching(new RegExp(`/lib/internal-function\\.ts:${line}:\\d+\\)$`)),
    );
  });
});

function functionName(key: string): string {
  return `${service.config.service}-${STAGE}-${key}`;
}

function functionLogicalId(key: string): string {
  const found = resourcesOfType(service.template, "AWS::Lambda::Function").find(
    ([, resource]) => resource.Properties.FunctionName === functionName(key),
  );
  if (!found) throw new Error(`no Lambda function ${functionName(key)} in the template`);
  return found[0];
}

function httpEvents(): [string, z.output<typeof httpEventSchema>][] {
  return Object.entries(service.config.functions).flatMap(([key, fn]) =>
    fn.events.flatMap((event) => {
      const parsed = httpEventSchema.safeParse(event);
      return parsed.success
        ? [[key, parsed.data] as [string, z.output<typeof httpEventSchema>]]
        : [];
    }),
  );
}

type Resource = CloudFormationTemplate["Resources"][string];

function resourcesOfType(template: CloudFormationTemplate, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

const referenceSchema = z.union([
  z.object({ Ref: z.string() }),
  z.object({
    "Fn::GetAtt": z.tuple([z.literal("ApiGatewayRestApi"), z.literal("RootResourceId")]),
  }),
]);
const apiResourceSchema = z.object({ ParentId: referenceSchema, PathPart: z.string() });
const methodSchema = z.object({
  HttpMethod: z.string(),
  ResourceId: referenceSchema,
  AuthorizerId: z.object({ Ref: z.string() }).optional(),
  Integration: z.object({ Uri: z.unknown() }),
});

/** Every gateway method: its path, the function it invokes and its authorizer. */
function routesOf(template: CloudFormationTemplate) {
  const pathOf = (reference: z.output<typeof referenceSchema>): string => {
    if (!("Ref" in reference)) return "";
    const { ParentId, PathPart } = apiResourceSchema.parse(
      template.Resources[reference.Ref]?.Properties,
    );
    return `${pathOf(ParentId)}/${PathPart}`;
  };
  const functionIds = resourcesOfType(template, "AWS::Lambda::Function").map(([id]) => id);
  return resourcesOfType(template, "AWS::ApiGateway::Method").map(([, resource]) => {
    const method = methodSchema.parse(resource.Properties);
    const uri = JSON.stringify(method.Integration.Uri);
    return {
      method: method.HttpMethod,
      path: pathOf(method.ResourceId) || "/",
      target: functionIds.find((id) => uri.includes(`"${id}"`)),
      authorizerId: method.AuthorizerId?.Ref,
    };
  });
}

function sortedByName<T extends { FunctionName: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.FunctionName.localeCompare(b.FunctionName));
}

function sortedByRoute<T extends { method: string; path: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** "functions/users/get-user.handler" is bundled as functions/users/get-user.cjs. */
function bundleFileOf(handler: string): string {
  return `${handler.slice(0, handler.lastIndexOf("."))}.cjs`;
}

function bundleText(zipPath: string, bundle: string): string {
  const entry = readZip(zipPath).find((e) => e.name === bundle);
  if (!entry) throw new Error(`${zipPath} has no ${bundle}`);
  return entry.content().toString("utf8");
}

/** The 1-based line of `path` (from the checkout's root) that contains `text`. */
function lineOf(path: string, text: string): number {
  const lines = readFileSync(new URL(`../../${path}`, import.meta.url), "utf8").split("\n");
  const index = lines.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${path} has no line with ${text}`);
  return index + 1;
}
