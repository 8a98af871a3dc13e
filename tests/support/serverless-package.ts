// `serverless package` on a copy of the service in a temporary directory, and what it
// produced: the CloudFormation template and each function's zip. Packaging deletes and
// rewrites `.serverless/` and its esbuild work folder in the service directory, so it
// never runs in the checkout, where it would disturb a running stack or a developer's
// own package.
import { execFile } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import * as z from "zod";
import { SERVERLESS_BIN } from "../../local/serverless-cli";
import { unzipInto } from "./zip";

const CHECKOUT = fileURLToPath(new URL("../..", import.meta.url));

/** What is not the service's source: installed, generated, or a running stack's data. */
const NOT_COPIED = new Set([
  "node_modules",
  ".git",
  ".local",
  ".serverless",
  ".esbuild",
  ".build",
  "coverage",
]);

const functionSchema = z.object({
  handler: z.string(),
  events: z.array(z.record(z.string(), z.unknown())).default([]),
});

/** serverless.yml with its variables resolved for one stage (`serverless print`). */
const serviceConfigSchema = z.looseObject({
  service: z.string(),
  provider: z.looseObject({
    stage: z.string(),
    environment: z.record(z.string(), z.unknown()).default({}),
  }),
  package: z.looseObject({ individually: z.boolean().optional() }).default({}),
  custom: z.looseObject({ esbuild: z.record(z.string(), z.unknown()) }),
  functions: z.record(z.string(), functionSchema),
  resources: z.object({
    Resources: z.record(z.string(), z.looseObject({ Type: z.string() })),
  }),
});

export type ServiceConfig = z.output<typeof serviceConfigSchema>;

const templateSchema = z.object({
  Resources: z.record(
    z.string(),
    z.object({
      Type: z.string(),
      Properties: z.record(z.string(), z.unknown()).default({}),
      DependsOn: z.union([z.string(), z.array(z.string())]).optional(),
    }),
  ),
});

export type CloudFormationTemplate = z.output<typeof templateSchema>;

const lambdaFunctionSchema = z.looseObject({
  FunctionName: z.string(),
  Handler: z.string(),
  Code: z.object({ S3Key: z.string() }),
  Environment: z
    .object({
      Variables: z.record(
        z.string(),
        // A CloudFormation intrinsic such as {"Ref": "ApiGatewayRestApi"} is resolved only at
        // deploy time: standInFor() gives the function a string in its place.
        z.union([z.string(), z.record(z.string(), z.unknown())]),
      ),
    })
    .optional(),
});

export interface PackagedFunction {
  /** Its key in serverless.yml, e.g. "users-get". */
  key: string;
  /** As Lambda resolves it inside the zip: "functions/users/get-user.handler". */
  handler: string;
  /** The zip with its code: its own, or the service's one zip without `individually`. */
  zipPath: string;
  /** Its environment, as the template hands it to Lambda. */
  environment: Record<string, string>;
}

export interface PackagedService {
  /** serverless.yml as packaged, variables resolved: what the template must hold. */
  config: ServiceConfig;
  template: CloudFormationTemplate;
  functions: PackagedFunction[];
  /** Unpacks a function's zip (once per zip) and returns the directory: its /var/task. */
  unpack(fn: PackagedFunction): string;
  /**
   * A NODE_PATH holding what the nodejs22.x runtime provides besides the zip (the AWS SDK
   * v3) and nothing else, so a module missing from a bundle fails as it would in Lambda.
   */
  runtimeNodePath: string;
  /** Removes the copy, the package and everything unpacked. */
  remove(): void;
}

/**
 * Packages the service for `stage`, as `npx serverless package` would from the checkout.
 * `env` resolves serverless.yml's `${env:...}`; `configure`, when given, changes the
 * resolved configuration before packaging (to measure other packaging settings).
 */
export async function packageService(options: {
  stage: string;
  env?: NodeJS.ProcessEnv;
  configure?: (config: ServiceConfig) => void;
}): Promise<PackagedService> {
  const dir = mkdtempSync(join(tmpdir(), "agora-package-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const serviceDir = join(dir, "service");
    cpSync(CHECKOUT, serviceDir, {
      recursive: true,
      filter: (source) => !NOT_COPIED.has(basename(source)),
    });
    symlinkSync(join(CHECKOUT, "node_modules"), join(serviceDir, "node_modules"), "dir");
    // serverless-esbuild leaves a folder per function in the temporary directory each time
    // it zips (the copies it zips from): give it one that is removed with the rest.
    const tempDir = join(dir, "tmp");
    mkdirSync(tempDir);
    const run = (args: string[]) =>
      serverless(serviceDir, [...args, "--stage", options.stage], {
        TMPDIR: tempDir,
        ...options.env,
      });

    const config = serviceConfigSchema.parse(JSON.parse(await run(["print", "--format", "json"])));
    if (options.configure) {
      // `print` adds a setting of its own that serverless refuses to read back.
      delete config.package.artifactsS3KeyDirname;
      options.configure(config);
      rmSync(join(serviceDir, "serverless.yml"));
      writeFileSync(join(serviceDir, "serverless.json"), JSON.stringify(config));
    }
    const outputDir = join(dir, "package");
    await run(["package", "--package", outputDir]);

    const template = templateSchema.parse(
      JSON.parse(
        readFileSync(join(outputDir, "cloudformation-template-update-stack.json"), "utf8"),
      ),
    );
    const functions = lambdaFunctions(template).map(
      ({ FunctionName, Handler, Code, Environment }) => ({
        key: FunctionName.slice(`${config.service}-${options.stage}-`.length),
        handler: Handler,
        zipPath: join(outputDir, basename(Code.S3Key)),
        environment: Object.fromEntries(
          Object.entries(Environment?.Variables ?? {}).map(([name, value]) => [
            name,
            standInFor(value, template),
          ]),
        ),
      }),
    );
    const runtimeNodePath = join(dir, "runtime", "node_modules");
    mkdirSync(runtimeNodePath, { recursive: true });
    symlinkSync(
      join(CHECKOUT, "node_modules", "@aws-sdk"),
      join(runtimeNodePath, "@aws-sdk"),
      "dir",
    );
    const unpacked = new Map<string, string>();
    return {
      config,
      template,
      functions,
      unpack(fn) {
        let codeDir = unpacked.get(fn.zipPath);
        if (codeDir === undefined) {
          codeDir = join(dir, "unpacked", basename(fn.zipPath, ".zip"));
          mkdirSync(codeDir, { recursive: true });
          unzipInto(fn.zipPath, codeDir);
          unpacked.set(fn.zipPath, codeDir);
        }
        return codeDir;
      },
      runtimeNodePath,
      remove,
    };
  } catch (error) {
    remove();
    throw error;
  }
}

/** The template's Lambda functions, with the properties Agora's checks read. */
export function lambdaFunctions(template: CloudFormationTemplate) {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === "AWS::Lambda::Function")
    .map((resource) => lambdaFunctionSchema.parse(resource.Properties));
}

const intrinsicSchema = z.union([
  z.object({ Ref: z.string() }),
  z.object({ "Fn::Join": z.tuple([z.string(), z.array(z.unknown())]) }),
]);
const queueSchema = z.object({ QueueName: z.string() });

/**
 * A string in place of a value CloudFormation resolves at deploy time, close enough to it
 * for the configuration to accept: an SQS queue's Ref is a queue URL (on a made-up account),
 * a Join joins its parts' stand-ins, and anything else is its JSON.
 */
function standInFor(value: unknown, template: CloudFormationTemplate): string {
  if (typeof value === "string") return value;
  const intrinsic = intrinsicSchema.safeParse(value);
  if (intrinsic.success && "Ref" in intrinsic.data) {
    const resource = template.Resources[intrinsic.data.Ref];
    if (resource?.Type === "AWS::SQS::Queue") {
      const { QueueName } = queueSchema.parse(resource.Properties);
      return `https://sqs.us-east-1.amazonaws.com/000000000000/${QueueName}`;
    }
  }
  if (intrinsic.success && "Fn::Join" in intrinsic.data) {
    const [separator, parts] = intrinsic.data["Fn::Join"];
    return parts.map((part) => standInFor(part, template)).join(separator);
  }
  return JSON.stringify(value);
}

async function serverless(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [SERVERLESS_BIN, ...args], {
      cwd,
      // The esbuild work folder stays the default one, inside the copy.
      env: { ...process.env, AGORA_ESBUILD_WORK_FOLDER: undefined, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    // serverless reports its errors (a YAML mistake, a failed build) on stdout.
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    const output = stdout?.trim() || stderr?.trim() || (error as Error).message;
    throw new Error(`serverless ${args.join(" ")} failed: ${output}`);
  }
}
