// Test client for the running stack: HTTP calls through the gateway and Lambda
// invocations of internal functions, plus helpers that create users.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { get } from "node:http";
import { promisify } from "node:util";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { inject } from "vitest";
import { LOCAL_STAGE, SERVERLESS_BIN } from "../../local/serverless-cli";

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiCall {
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  rawBody?: string;
  auth?: Credentials;
  headers?: Record<string, string>;
}

export interface Credentials {
  username: string;
  password: string;
}

export function basicAuthorization({ username, password }: Credentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
export async function api<T = any>(
  method: string,
  path: string,
  call: ApiCall = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.auth) headers.Authorization = basicAuthorization(call.auth);
  let body = call.rawBody;
  if (body === undefined && call.body !== undefined) body = JSON.stringify(call.body);
  if (body !== undefined) headers["Content-Type"] ??= "application/json";
  const response = await fetch(`${inject("gatewayUrl")}${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
  };
}

/**
 * GET /users/me on a connection of its own (fetch would reuse one), so the gateway hands it
 * to its next worker: its status.
 */
export function meOnNewConnection(
  user: Credentials,
  gatewayUrl: string = inject("gatewayUrl"),
): Promise<number> {
  return new Promise((resolve, reject) => {
    get(
      `${gatewayUrl}/users/me`,
      { agent: false, headers: { authorization: basicAuthorization(user) } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    ).on("error", reject);
  });
}

/** A cursor made by hand, the way an attacker would: base64url JSON, unsigned. */
export function forgedCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** A username no other test uses. */
export function uniqueUsername(prefix = "u"): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}

export async function registerUser(prefix = "u"): Promise<Credentials & { email: string }> {
  const username = uniqueUsername(prefix);
  const user = { username, email: `${username}@example.com`, password: "correct horse" };
  const response = await api("POST", "/users", { body: user });
  if (response.status !== 201) throw new Error(`registration failed: ${response.status}`);
  return user;
}

let lambda: LambdaClient | undefined;

/** Invokes an internal function (e.g. "users-adjustKarma") through Lambda Invoke. */
export async function invoke(
  functionKey: string,
  payload: unknown,
): Promise<{ functionError?: string; result: unknown }> {
  lambda ??= new LambdaClient({
    endpoint: inject("lambdaEndpoint"),
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const response = await lambda.send(
    new InvokeCommand({
      FunctionName: `agora-local-${functionKey}`,
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  const text = response.Payload ? new TextDecoder().decode(response.Payload) : "null";
  return { functionError: response.FunctionError, result: JSON.parse(text) };
}

/**
 * Runs a function with `serverless invoke local`, as the README shows, against the test
 * stack's stores; it bundles into a folder of its own, removed afterwards.
 */
export async function invokeLocal(functionKey: string, payload: unknown): Promise<unknown> {
  const workFolder = `.local/build/invoke-${randomBytes(4).toString("hex")}`;
  const args = ["invoke", "local", "--stage", LOCAL_STAGE, "--function", functionKey];
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [SERVERLESS_BIN, ...args, "--data", JSON.stringify(payload)],
      {
        env: { ...process.env, ...inject("functionEnv"), AGORA_ESBUILD_WORK_FOLDER: workFolder },
      },
    );
    return JSON.parse(stdout);
  } finally {
    await rm(workFolder, { recursive: true, force: true });
  }
}
