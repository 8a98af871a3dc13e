// Middleware: the one place errors become responses. HTTP errors keep their status and
// code; domain errors get the status of their kind; anything else is a 500 whose detail
// goes only to the log.
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { DomainError, type DomainErrorKind } from "../domain-errors";
import { describeError, log } from "../log";
import { HttpError } from "./errors";
import { errorBody, type HttpResponse, json } from "./responses";

/** The status and API.md error code of each kind of domain error. */
const STATUS_OF_KIND: Record<DomainErrorKind, { status: number; code: string }> = {
  invalid: { status: 400, code: "bad_request" },
  forbidden: { status: 403, code: "forbidden" },
  not_found: { status: 404, code: "not_found" },
  conflict: { status: 409, code: "conflict" },
  unavailable: { status: 503, code: "unavailable" },
};

export function errorResponse(error: unknown): HttpResponse {
  if (error instanceof HttpError) {
    const headers: Record<string, string> =
      error.status === 401 ? { "WWW-Authenticate": 'Basic realm="agora"' } : {};
    return json(error.status, errorBody(error.code, error.message, error.issues), headers);
  }
  if (error instanceof DomainError) {
    const { status, code } = STATUS_OF_KIND[error.kind];
    // A store that is down now may answer in a moment: say when to try again.
    const headers: Record<string, string> = status === 503 ? { "Retry-After": "1" } : {};
    return json(status, errorBody(error.code ?? code, error.message), headers);
  }
  return json(500, errorBody("internal", "something went wrong on our side"));
}

export function jsonErrors(): MiddlewareObj<APIGatewayProxyEvent, HttpResponse> {
  return {
    onError: (request) => {
      if (!(request.error instanceof HttpError || request.error instanceof DomainError)) {
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
