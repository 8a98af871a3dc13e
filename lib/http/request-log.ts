// Middleware: one structured log line per request (method, path, status, duration,
// username). It never logs headers or bodies, so no credentials can leak.
import type { MiddlewareObj, Request } from "@middy/core";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { log } from "../log";
import type { HttpResponse } from "./responses";

export function requestLog(): MiddlewareObj<APIGatewayProxyEvent, HttpResponse> {
  const startedAt = new WeakMap<object, number>();
  const logRequest = (request: Request<APIGatewayProxyEvent, HttpResponse>) => {
    const { event, response, context } = request;
    const began = startedAt.get(event) ?? performance.now();
    log.info("request", {
      method: event.httpMethod,
      path: event.path,
      status: response?.statusCode ?? 500,
      durationMs: Math.round((performance.now() - began) * 10) / 10,
      username: authenticatedUsername(event) ?? null,
      requestId: context.awsRequestId,
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
