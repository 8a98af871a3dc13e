// The success responses every handler returns: JSON bodies with the right status.
import type { APIGatewayProxyResult } from "aws-lambda";

export type HttpResponse = APIGatewayProxyResult;

export const JSON_HEADERS = { "Content-Type": "application/json" } as const;

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function ok(body: unknown, headers?: Record<string, string>): HttpResponse {
  return json(200, body, headers);
}

/** 201 with a Location header naming the created resource. */
export function created(
  location: string,
  body: unknown,
  headers?: Record<string, string>,
): HttpResponse {
  return json(201, body, { ...headers, Location: location });
}

export function errorBody(code: string, message: string, issues?: unknown[]) {
  return { error: issues ? { code, message, issues } : { code, message } };
}
