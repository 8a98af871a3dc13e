// Invokes a packaged function in a fresh node process, with its code unpacked from its zip
// and the environment the template gives it: what a Lambda cold start runs, measured.
import { fork } from "node:child_process";
import type { PackagedFunction, PackagedService } from "./serverless-package";

const RUNNER = new URL("./lambda-process-runner.cjs", import.meta.url);
const TIMEOUT_MS = 30_000;

export interface ColdInvocation {
  /** Node's own start-up, before the handler's module is required. */
  bootMs: number;
  /** Requiring the handler's module: Lambda's init phase, past the runtime's own. */
  loadMs: number;
  /** The CPU time of loading, which the machine's other load does not inflate. */
  loadCpuMs: number;
  /** The first invocation. */
  invokeMs: number;
  /** Its CPU time (waiting for a store costs none). */
  invokeCpuMs: number;
  result?: unknown;
  error?: { name: string; message: string; stack?: string };
}

export function invokeCold(
  service: PackagedService,
  fn: PackagedFunction,
  event: unknown,
): Promise<ColdInvocation> {
  const child = fork(RUNNER, [fn.handler, JSON.stringify(event)], {
    cwd: service.unpack(fn),
    env: {
      ...fn.environment,
      AWS_LAMBDA_FUNCTION_NAME: fn.key,
      NODE_PATH: service.runtimeNodePath,
    },
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
    child.once("message", (message) => resolve(message as ColdInvocation));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${fn.key} exited (${signal ?? code}) without a result:\n${output}`));
    });
  });
}
