// Proof that the functions can serve, so `npm start` never says "running" over a gateway
// that answers 502: before anything starts, the functions' resolved environment (from
// `serverless print`) is parsed with lib/config.ts's own schema; once the gateway is up,
// every function answers a warm-up invocation (lib/warm-up.ts) through Lambda Invoke.
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import * as z from "zod";
import { InvalidConfiguration, parseConfig } from "../lib/config-schema";
import { WARM_UP_EVENT } from "../lib/warm-up";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "./local-aws";

const Environment = z.record(z.string(), z.coerce.string()).optional();

const PrintedFunctions = z.object({
  provider: z.object({ environment: Environment }),
  functions: z.record(z.string(), z.object({ name: z.string(), environment: Environment })),
});

export interface DeclaredFunction {
  /** The key in serverless.yml, e.g. "users-get". */
  key: string;
  /** Its Lambda name, e.g. "agora-local-users-get". */
  name: string;
}

export function declaredFunctions(printed: unknown): DeclaredFunction[] {
  return Object.entries(PrintedFunctions.parse(printed).functions).map(([key, { name }]) => ({
    key,
    name,
  }));
}

/** The environment serverless.yml gives one function: the provider's, then its own. */
export function functionEnvironment(printed: unknown, key: string): Record<string, string> {
  const { provider, functions } = PrintedFunctions.parse(printed);
  const fn = functions[key];
  if (!fn) throw new Error(`serverless.yml declares no function ${key}`);
  return { ...provider.environment, ...fn.environment };
}

/**
 * Throws, naming each bad setting, unless every function's environment parses. `env` is the
 * environment the gateway runs with; a function sees it under its own (serverless.yml's).
 * A setting fed by an AGORA_* variable is named by that variable, which is what to fix.
 */
export function requireValidFunctionConfig(printed: unknown, env: NodeJS.ProcessEnv): void {
  const { provider, functions } = PrintedFunctions.parse(printed);
  for (const [key, fn] of Object.entries(functions)) {
    try {
      parseConfig({ ...env, ...provider.environment, ...fn.environment });
    } catch (error) {
      if (!(error instanceof InvalidConfiguration)) throw error;
      const problems = error.problems.map(({ setting, message }) => {
        const variable = `AGORA_${setting}`;
        return env[variable] === undefined
          ? `${setting}: ${message}`
          : `${variable} (the functions' ${setting}): ${message}`;
      });
      throw new Error(`invalid configuration of function ${key}: ${problems.join("; ")}`);
    }
  }
}

/** Invokes every function with the warm-up event; throws naming the first that cannot serve. */
export async function warmUpFunctions(
  lambdaEndpoint: string,
  functions: DeclaredFunction[],
): Promise<void> {
  const lambda = new LambdaClient({
    endpoint: lambdaEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  try {
    const failures = await Promise.all(
      functions.map(async ({ key, name }) => {
        const response = await lambda.send(
          new InvokeCommand({
            FunctionName: name,
            Payload: new TextEncoder().encode(JSON.stringify(WARM_UP_EVENT)),
          }),
        );
        if (response.FunctionError === undefined) return undefined;
        const payload = new TextDecoder().decode(response.Payload);
        return `function ${key} cannot serve: ${errorMessageOf(payload)}`;
      }),
    );
    const failure = failures.find((message) => message !== undefined);
    if (failure) throw new Error(failure);
  } finally {
    lambda.destroy();
  }
}

function errorMessageOf(payload: string): string {
  try {
    const parsed = z
      .object({ errorMessage: z.string().optional(), Message: z.string().optional() })
      .parse(JSON.parse(payload));
    return parsed.errorMessage ?? parsed.Message ?? payload;
  } catch {
    return payload;
  }
}
