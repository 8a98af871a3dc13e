// Runs the project's own Serverless Framework (osls, installed as `serverless`).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

export const SERVERLESS_BIN = join("node_modules", "serverless", "bin", "serverless.js");
export const LOCAL_STAGE = "local";

/** serverless.yml with every variable resolved, as `serverless print` shows it. */
export async function printServiceConfig(env: NodeJS.ProcessEnv): Promise<unknown> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [SERVERLESS_BIN, "print", "--format", "json", "--stage", LOCAL_STAGE],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
    );
    return JSON.parse(stdout);
  } catch (error) {
    // serverless reports its errors (a YAML mistake, say) on stdout.
    const output = (error as { stdout?: string }).stdout?.trim();
    throw new Error(`serverless print failed: ${output || (error as Error).message}`);
  }
}
