// Invokes a packaged function in a fresh node process, with its code unpacked from its zip
// and the environment the template gives it: what a Lambda cold start runs, measured.
import { fork } from "node:child_process";
import * as z from "zod";
import type { PackagedFunction, PackagedService } from "./serverless-package";

const RUNNER = new URL("./lambda-process-runner.cjs", import.meta.url);
const TIMEOUT_MS = 30_000;

const coldInvocationSchema = z.object({
  /** Requiring the handler's module: Lambda's init phase, past the runtime's own. */
  loadMs: z.number(),
  /** The CPU time of loading, which the machine's other load does not inflate. */
  loadCpuMs: z.number(),
  /** The first invocation. */
  invokeMs: z.number(),
  /** Its CPU time (waiting for a store costs none). */
  invokeCpuMs: z.number(),
  result: z.unknown().optional(),
  error: z
    .object({ name: z.string(), message: z.string(), stack: z.string().optional() })
    .optional(),
});

export type ColdInvocation = z.output<typeof coldInvocationSchema>;

export function invokeCold(
  service: PackagedService,
  fn: PackagedFunction,
  event: unknown,
): Promise<ColdInvocation> {
  const child = fork(RUNNER, [fn.handler, JSON.stringify(event)], {
    cwd: service.unpack(fn),
    env: { ...fn.environment, NODE_PATH: service.runtimeNodePath },
    // Not this process's flags (tsx's loader, under `npm run bench`): only what NODE_OPTIONS says.
    execArgv: [],
    silent: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.once("message", (message) => {
      const report = coldInvocationSchema.safeParse(message);
      if (report.success) resolve(report.data);
      else reject(new Error(`${fn.key} reported ${JSON.stringify(message)}: ${report.error}`));
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${fn.key} exited (${signal ?? code}) without a result:\n${output}`));
    });
  });
}
