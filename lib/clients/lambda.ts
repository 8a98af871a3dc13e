// Invokes Agora's internal functions by their key (e.g. "users-adjustKarma"), locally
// through serverless-offline's Lambda endpoint and in AWS through Lambda itself. The SDK's
// Lambda client is loaded by the first invocation, not at import: a guess invokes only
// when it ends a game, the scheduled sweep only when a result is waiting, and loading the
// client costs a cold start about 100 ms of CPU.
import type {
  InvokeCommand,
  InvokeCommandInput,
  InvokeCommandOutput,
  LambdaClient,
} from "@aws-sdk/client-lambda";
import { config } from "../config";
import { credentialsFor } from "./local-endpoints";

let lambda: Promise<{ client: LambdaClient; Invoke: typeof InvokeCommand }> | undefined;

async function invoke(input: InvokeCommandInput): Promise<InvokeCommandOutput> {
  lambda ??= import("@aws-sdk/client-lambda").then(({ LambdaClient, InvokeCommand }) => ({
    client: new LambdaClient({
      region: config.AWS_REGION,
      endpoint: config.LAMBDA_ENDPOINT,
      credentials: credentialsFor(config.LAMBDA_ENDPOINT),
    }),
    Invoke: InvokeCommand,
  }));
  const { client, Invoke } = await lambda;
  return client.send(new Invoke(input));
}

/** Calls a function and waits for its result; throws if the function failed. */
export async function invokeFunction<T>(functionKey: string, payload: unknown): Promise<T> {
  const result = await invoke({
    FunctionName: config.FUNCTION_NAME_PREFIX + functionKey,
    Payload: new TextEncoder().encode(JSON.stringify(payload)),
  });
  const text = result.Payload ? new TextDecoder().decode(result.Payload) : "null";
  if (result.FunctionError) throw new Error(`${functionKey} failed: ${text}`);
  return JSON.parse(text) as T;
}

/** Queues an asynchronous invocation (InvocationType Event) without waiting for it to run. */
export async function invokeFunctionAsync(functionKey: string, payload: unknown): Promise<void> {
  await invoke({
    FunctionName: config.FUNCTION_NAME_PREFIX + functionKey,
    InvocationType: "Event",
    Payload: new TextEncoder().encode(JSON.stringify(payload)),
  });
}
