// Middleware: one structured log line per request (method, path, status, duration,
// username), and the same call appended to the request log (GET /logs) with the activity
// counted while serving it (lib/request-log/tally.ts). It never logs headers or bodies, so
// no credentials can leak. The request log is loaded on first use, so the pipeline works
// without it where no store is configured (unit tests); a Redis that cannot take the entry
// costs the log that entry, never the request its answer.
import type { MiddlewareObj, Request } from "@middy/core";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { describeError, log } from "../log";
import type { RequestLogStore } from "../request-log/store";
import { tally } from "../request-log/tally";
import type { HttpResponse } from "./responses";

let requestLogStore: Promise<RequestLogStore | undefined> | undefined;

function loadRequestLog(): Promise<RequestLogStore | undefined> {
  requestLogStore ??= import("../request-log/composition-root").then(
    (root) => root.requestLogStore,
    () => undefined,
  );
  return requestLogStore;
}

export function requestLog(): MiddlewareObj<APIGatewayProxyEvent, HttpResponse> {
  const startedAt = new WeakMap<object, number>();
  const logRequest = async (request: Request<APIGatewayProxyEvent, HttpResponse>) => {
    const { event, response, context } = request;
    const began = startedAt.get(event) ?? performance.now();
    const status = response?.statusCode ?? 500;
    log.info("request", {
      method: event.httpMethod,
      path: event.path,
      status,
      durationMs: Math.round((performance.now() - began) * 10) / 10,
      username: authenticatedUsername(event) ?? null,
      requestId: context.awsRequestId,
    });
    const store = await loadRequestLog();
    const entry = {
      method: event.httpMethod,
      path: event.path,
      status,
      at: new Date().toISOString(),
    };
    await store?.append(entry, tally.drain()).catch((error: unknown) => {
      log.warn("request log unavailable", describeError(error));
    });
  };
  return {
    before: (request) => {
      startedAt.set(request.event, performance.now());
    },
    after: logRequest,
    onError: logRequest,
  };
}

/** The username the gateway's authorizer verified, if the route is authenticated. */
export function authenticatedUsername(event: APIGatewayProxyEvent): string | undefined {
  const username: unknown = event.requestContext?.authorizer?.username;
  return typeof username === "string" && username !== "" ? username : undefined;
}
