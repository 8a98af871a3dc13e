// The one way to write an HTTP handler: declare the zod schemas of body, path and
// query, and write the work as a function of the parsed request. The middy pipeline
// around it parses JSON, validates, logs and turns every error into API.md's shape.
import middy, { type MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import type * as z from "zod";
import { isWarmUp, WARMED_UP } from "../warm-up";
import { Unauthorized } from "./errors";
import { jsonBody, type ParsedBodyEvent } from "./json-body";
import { jsonErrors } from "./json-errors";
import { authenticatedUsername, requestLog } from "./request-log";
import { type HttpResponse, ok } from "./responses";
import { parseInput } from "./validation";

export interface RouteSchemas {
  body?: z.ZodType;
  path?: z.ZodType;
  query?: z.ZodType;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteRequest<S extends RouteSchemas> {
  body: Parsed<S["body"]>;
  path: Parsed<S["path"]>;
  query: Parsed<S["query"]>;
  event: APIGatewayProxyEvent;
}

export interface AuthenticatedRequest<S extends RouteSchemas> extends RouteRequest<S> {
  /** The caller, as verified by the gateway's authorizer. */
  username: string;
}

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<HttpResponse>;

/** A service's own middleware; its `after` and `onError` also see error responses. */
export type RouteMiddleware = MiddlewareObj<ParsedBodyEvent, HttpResponse>;

/** A route anyone may call. */
export function publicRoute<S extends RouteSchemas>(
  schemas: S,
  run: (request: RouteRequest<S>) => Promise<HttpResponse>,
  ...middlewares: RouteMiddleware[]
): Handler {
  return pipeline((event) => run(parseRequest(schemas, event)), middlewares);
}

/** A route behind the gateway's authorizer; `username` is the verified caller. */
export function authenticatedRoute<S extends RouteSchemas>(
  schemas: S,
  run: (request: AuthenticatedRequest<S>) => Promise<HttpResponse>,
  ...middlewares: RouteMiddleware[]
): Handler {
  return pipeline((event) => {
    const username = authenticatedUsername(event);
    if (username === undefined) throw new Unauthorized();
    return run({ ...parseRequest(schemas, event), username });
  }, middlewares);
}

function pipeline(
  work: (event: ParsedBodyEvent) => Promise<HttpResponse>,
  middlewares: RouteMiddleware[],
): Handler {
  // after/onError run in reverse order: the error response exists before the
  // service's middlewares see it, and the log line is written last.
  return middy<ParsedBodyEvent, HttpResponse>({ timeoutEarlyInMillis: 0 })
    .use(answersWarmUp)
    .use(requestLog())
    .use(middlewares)
    .use(jsonErrors())
    .use(jsonBody())
    .handler(work);
}

/** Answers a warm-up invocation (lib/warm-up.ts) before any other middleware sees it. */
const answersWarmUp: RouteMiddleware = {
  before: ({ event }) => (isWarmUp(event) ? ok(WARMED_UP) : undefined),
};

function parseRequest<S extends RouteSchemas>(schemas: S, event: ParsedBodyEvent): RouteRequest<S> {
  const parse = (schema: z.ZodType | undefined, input: unknown, part: string) =>
    schema === undefined ? undefined : parseInput(schema, input, part);
  return {
    body: parse(schemas.body, event.parsedBody, "body"),
    path: parse(schemas.path, event.pathParameters ?? {}, "path"),
    query: parse(schemas.query, event.queryStringParameters ?? {}, "query"),
    event,
  } as RouteRequest<S>;
}
