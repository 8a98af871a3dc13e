// Middleware: the one place errors become responses. Typed HttpErrors keep their status
// and code; anything else is a 500 whose detail goes only to the log.
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { describeError, log } from "../log";
import { HttpError } from "./errors";
import { errorBody, type HttpResponse, json } from "./responses";

export function errorResponse(error: unknown): HttpResponse {
  if (error instanceof HttpError) {
    const headers: Record<string, string> =
      error.status === 401 ? { "WWW-Authenticate": 'Basic realm="agora"' } : {};
    return json(error.status, errorBody(error.code, error.message, error.issues), headers);
  }
  return json(500, errorBody("internal", "something went wrong on our side"));
}

export function jsonErrors(): MiddlewareObj<APIGatewayProxyEvent, HttpResponse> {
  return {
    onError: (request) => {
      if (!(request.error instanceof HttpError)) {
        log.error("unhandled error", {
          path: request.event.path,
          requestId: request.context.awsRequestId,
          ...describeError(request.error),
        });
      }
      request.response = errorResponse(request.error);
    },
  };
}
