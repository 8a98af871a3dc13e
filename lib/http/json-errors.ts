// Middleware: the one place errors become responses. HTTP errors keep their status and
// code; domain errors get the status of their kind; an AWS service (DynamoDB, say) that
// could not serve the call is a 503 with Retry-After; anything else is a 500. The detail
// of the last two goes only to the log.
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { isAwsServiceUnavailable } from "../clients/aws-unavailable";
import { DomainError, type DomainErrorKind } from "../domain-errors";
import { describeError, log } from "../log";
import { HttpError } from "./errors";
import { errorBody, type HttpResponse, json } from "./responses";

/** A store that is down now may answer in a moment: say when to try again. */
const RETRY_AFTER = { "Retry-After": "1" };

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
    return json(
      status,
      errorBody(error.code ?? code, error.message),
      status === 503 ? RETRY_AFTER : {},
    );
  }
  if (isAwsServiceUnavailable(error)) {
    return json(
      503,
      errorBody("unavailable", "a store is unavailable; retry shortly"),
      RETRY_AFTER,
    );
  }
  return json(500, errorBody("internal", "something went wrong on our side"));
}

export function jsonErrors(): MiddlewareObj<APIGatewayProxyEvent, HttpResponse> {
  return {
    onError: (request) => {
      if (!(request.error instanceof HttpError || request.error instanceof DomainError)) {
        const what = isAwsServiceUnavailable(request.error)
          ? "store unavailable"
          : "unhandled error";
        log.error(what, {
          path: request.event.path,
          requestId: request.context.awsRequestId,
          ...describeError(request.error),
        });
      }
      request.response = errorResponse(request.error);
    },
  };
}
