// Invokes Agora's internal functions by their key (e.g. "users-adjustKarma"), locally
// through serverless-offline's Lambda endpoint and in AWS through Lambda itself.
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { config } from "../config";
import { credentialsFor } from "./local-endpoints";

const lambda = new LambdaClient({
  region: config.AWS_REGION,
  endpoint: config.LAMBDA_ENDPOINT,
  credentials: credentialsFor(config.LAMBDA_ENDPOINT),
});

/** Calls a function and waits for its result; throws if the function failed. */
export async function invokeFunction<T>(functionKey: string, payload: unknown): Promise<T> {
  const result = await lambda.send(
    new InvokeCommand({
      FunctionName: config.FUNCTION_NAME_PREFIX + functionKey,
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  const text = result.Payload ? new TextDecoder().decode(result.Payload) : "null";
  if (result.FunctionError) throw new Error(`${functionKey} failed: ${text}`);
  return JSON.parse(text) as T;
}

/** Queues an asynchronous invocation (InvocationType Event) without waiting for it to run. */
export async function invokeFunctionAsync(functionKey: string, payload: unknown): Promise<void> {
  await lambda.send(
    new InvokeCommand({
      FunctionName: config.FUNCTION_NAME_PREFIX + functionKey,
      InvocationType: "Event",
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
}
