// Applies serverless.yml's AWS::ApiGateway::GatewayResponse resources locally, as API
// Gateway does in AWS; serverless-offline ignores those resources. Two kinds of error get
// them:
// - the gateway's own (missing credentials, authorizer denials, unknown routes): hapi
//   errors, rewritten as the matching gateway response;
// - a function that fails behind a route: it throws (also while loading), times out, or
//   returns something that is not a proxy result. AWS answers 502 with DEFAULT_5XX there;
//   serverless-offline answers 502 (or its own 504) with an empty body. Its LambdaFunction
//   is wrapped so such a failure becomes DEFAULT_5XX, and a response with no body that
//   still says 5xx gets it too, so no route ever answers a 5xx with an empty body.
// - the authorizer failing (throwing anything but "Unauthorized", or timing out): AWS
//   answers AUTHORIZER_CONFIGURATION_ERROR or AUTHORIZER_FAILURE, where serverless-offline
//   answers 401 as if the credentials were wrong. A store that is down or a gateway that is
//   saturated must not tell a client its password is wrong: serverless.yml makes both 503
//   with Retry-After. serverless-offline's auth scheme swallows the authorizer's error, so
//   the wrapper notes it on the hapi request whose authorizer is running (found through an
//   AsyncLocalStorage entered when the request arrives).
// Proxy results returned by functions pass through untouched, as in AWS.
//
// Each answer the gateway gives itself (either kind) is also recorded in the request log
// (GET /logs), as no handler saw the call, the way it is in AWS: the plugin writes the
// call's access log record in serverless.yml's provider.logs.restApi.format and hands it,
// as a CloudWatch Logs subscription delivery, to the function that
// custom.offlineGatewayResponses.requestLogFunction names (logs-ingestAccessLog), invoked
// in-process. Calls a function answered, 5xx without a body included, are left to its own
// request log middleware (lib/http/request-log.ts), so none is recorded twice. The answer
// waits at most RECORD_WAIT_MS for the entry, and never fails for it.
"use strict";

const { AsyncLocalStorage } = require("node:async_hooks");
const { randomUUID } = require("node:crypto");
const { gzipSync } = require("node:zlib");
const { onApiGatewayServer } = require("./api-gateway-server.cjs");
const { invokeInProcess, onLambdaCreated, wrapRunHandler } = require("./offline-lambda.cjs");

/** serverless-offline's own error statuses, and the gateway response type each one is. */
const RESPONSE_TYPE_BY_STATUS = {
  401: "UNAUTHORIZED",
  403: "ACCESS_DENIED", // also a missing or wrong API key (INVALID_API_KEY in AWS)
  404: "MISSING_AUTHENTICATION_TOKEN", // what AWS answers for a route that does not exist
  413: "REQUEST_TOO_LARGE",
};

/** The hapi request being served, for the authorizer wrapper. */
const requestBeingServed = new AsyncLocalStorage();

/** API.md's error shape, should serverless.yml ever lose its DEFAULT_5XX. */
const FALLBACK_5XX = {
  headers: { "Content-Type": "application/json" },
  template: '{"error":{"code":"internal","message":"something went wrong on our side"}}',
};

/** How long an answer waits for its request log entry; a slower entry lands later. */
const RECORD_WAIT_MS = 1000;

class OfflineGatewayResponses {
  constructor(serverless) {
    this.serverless = serverless;
    this.responses = gatewayResponses(serverless.service.resources?.Resources ?? {});
    this.requestLogFunction =
      serverless.service.custom?.offlineGatewayResponses?.requestLogFunction;
    this.accessLogFormat = serverless.service.provider?.logs?.restApi?.format;
    this.hooks = {
      // `offline start`: functions are wrapped before serverless-offline creates them, and
      // its HTTP server exists once offline:start:init has run.
      "before:offline:start:init": () => this.wrapFunctions(),
      "after:offline:start:init": () => this.install(),
      // plain `offline`: everything happens inside one hook.
      "before:offline:start": async () => {
        await this.wrapFunctions();
        this.install();
      },
    };
  }

  install() {
    onApiGatewayServer(this.serverless, (server) => this.addTo(server));
  }

  addTo(server) {
    server.ext("onRequest", (request, h) => {
      requestBeingServed.enterWith(request);
      return h.continue;
    });
    server.ext("onPreResponse", async (request, h) => {
      const error = gatewayError(request);
      if (!error) return h.continue;
      const gatewayResponse =
        this.responses[error.type ?? RESPONSE_TYPE_BY_STATUS[error.status]] ??
        this.responses[error.status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX"] ??
        (error.status >= 500 ? FALLBACK_5XX : undefined);
      const status = Number(gatewayResponse?.statusCode ?? error.status);
      if (!error.answeredByFunction) {
        const recorded = this.record(request.method, request.path, status);
        // Shedding load must stay cheap: a throttled answer does not wait for its entry.
        if (error.type !== "THROTTLED") await recorded;
      }
      if (!gatewayResponse) return h.continue;
      const reply = h
        .response(render(gatewayResponse.template, error.message) ?? request.response.source)
        .code(status);
      for (const [name, value] of Object.entries(gatewayResponse.headers))
        reply.header(name, value);
      return reply;
    });
  }

  /**
   * Wraps serverless-offline's LambdaFunction so that a function behind a route that fails
   * answers DEFAULT_5XX, as a proxy result, and an authorizer that fails marks its request
   * for AUTHORIZER_FAILURE or AUTHORIZER_CONFIGURATION_ERROR. Other invocations (Lambda
   * Invoke, schedules) keep their own error reporting.
   */
  async wrapFunctions() {
    this.wrapping ??= (async () => {
      await onLambdaCreated((lambda) => {
        this.lambda = lambda;
      });
      await wrapRunHandler(async (fn, event, run) => {
        if (isAuthorizerEvent(event)) {
          try {
            return await run();
          } catch (error) {
            noteAuthorizerFailure(fn.functionName, error);
            throw error;
          }
        }
        if (!isRouteEvent(event)) return run();
        let result;
        try {
          result = await run();
        } catch (error) {
          return this.functionFailure(fn.functionName, event, error?.message ?? String(error));
        }
        if (isProxyResult(result)) return result;
        const reason = "it returned something that is not a proxy result";
        return this.functionFailure(fn.functionName, event, reason);
      });
    })();
    return this.wrapping;
  }

  async functionFailure(functionName, event, reason) {
    console.error(`${functionName} failed behind its route, answering 502: ${reason}`);
    const response = this.responses.DEFAULT_5XX ?? FALLBACK_5XX;
    const body = render(response.template, reason) ?? render(FALLBACK_5XX.template);
    const statusCode = Number(response.statusCode ?? 502);
    await this.record(event.httpMethod, event.path, statusCode);
    return { statusCode, headers: response.headers, body: JSON.stringify(body) };
  }

  /**
   * Appends a call the gateway answered to the request log, through the function that
   * serverless.yml names for it (none, or no access log format: nothing is recorded). Waits
   * at most RECORD_WAIT_MS; a failure costs the log that entry, never the call its answer.
   */
  async record(method, path, status) {
    if (!this.requestLogFunction || !this.accessLogFormat || !this.lambda) return;
    const record = accessLogRecord(this.accessLogFormat, {
      requestId: randomUUID(),
      httpMethod: method.toUpperCase(),
      path,
      status: String(status),
      requestTimeEpoch: String(Date.now()),
      "integration.status": "-", // no integration ran: the gateway answered
    });
    const recorded = (async () => {
      await invokeInProcess(this.lambda, this.requestLogFunction, subscriptionDelivery(record));
    })().catch((error) => {
      console.warn(`request log unavailable: ${error?.message ?? String(error)}`);
    });
    let timer;
    const waited = new Promise((resolve) => {
      timer = setTimeout(resolve, RECORD_WAIT_MS);
    });
    await Promise.race([recorded, waited]);
    clearTimeout(timer);
  }
}

/** One access log line: `format` with each `$context.<name>` replaced, "-" if unknown. */
function accessLogRecord(format, context) {
  return format.replace(/\$context\.([A-Za-z.]+)/g, (_, name) => context[name] ?? "-");
}

/** What a CloudWatch Logs subscription hands its function: base64 of gzip of JSON. */
function subscriptionDelivery(message) {
  const batch = {
    messageType: "DATA_MESSAGE",
    logGroup: "local-gateway",
    logEvents: [{ id: randomUUID(), timestamp: Date.now(), message }],
  };
  return { awslogs: { data: gzipSync(JSON.stringify(batch)).toString("base64") } };
}

/**
 * An authorizer that throws "Unauthorized" refuses the credentials (401, serverless-offline's
 * own answer); any other failure is the gateway's: marked on the request for onPreResponse.
 */
function noteAuthorizerFailure(functionName, error) {
  if (error?.message === "Unauthorized") return;
  const request = requestBeingServed.getStore();
  const timedOut = error?.constructor?.name === "LambdaTimeoutError";
  const type = timedOut ? "AUTHORIZER_FAILURE" : "AUTHORIZER_CONFIGURATION_ERROR";
  console.error(`${functionName} failed (${type}): ${error?.message ?? String(error)}`);
  if (request) {
    request.plugins.agoraGatewayError = { status: 500, type, message: "the authorizer failed" };
  }
}

function isAuthorizerEvent(event) {
  return typeof event?.methodArn === "string" || typeof event?.routeArn === "string";
}

/** An API Gateway proxy event (REST): what a route hands its function. */
function isRouteEvent(event) {
  return (
    typeof event?.httpMethod === "string" &&
    typeof event.requestContext === "object" &&
    !("methodArn" in event) // an authorizer's event
  );
}

/** What API Gateway accepts from a proxy integration; anything else is its 502. */
function isProxyResult(result) {
  return (
    typeof result === "object" &&
    result !== null &&
    Number.isInteger(result.statusCode) &&
    (result.body === undefined || result.body === null || typeof result.body === "string")
  );
}

function gatewayResponses(resources) {
  const byType = {};
  for (const resource of Object.values(resources)) {
    if (resource?.Type !== "AWS::ApiGateway::GatewayResponse") continue;
    const properties = resource.Properties ?? {};
    const headers = {};
    for (const [name, value] of Object.entries(properties.ResponseParameters ?? {})) {
      const header = /^gatewayresponse\.header\.(.+)$/.exec(name);
      if (header && typeof value === "string" && /^'.*'$/s.test(value)) {
        headers[header[1]] = value.slice(1, -1);
      }
    }
    byType[properties.ResponseType] = {
      headers,
      statusCode: properties.StatusCode,
      template: properties.ResponseTemplates?.["application/json"],
    };
  }
  return byType;
}

/**
 * The gateway's own error in this response, if it is one: what a plugin named (with its
 * gateway response type), hapi errors, the 404 route, serverless-offline's own error
 * bodies, and any 5xx that carries no body (a function's answer: `answeredByFunction`).
 */
function gatewayError(request) {
  const response = request.response;
  // Named by a plugin that answered for the gateway (authorizer failures, throttling).
  const named = request.plugins.agoraGatewayError;
  if (named !== undefined) return named;
  if (response?.isBoom) {
    return { status: response.output.statusCode, message: response.output.payload?.message };
  }
  if (request.route?.path === "/{p*}") return { status: 404, message: "no such route" };
  // A private route (API key) called without a valid x-api-key: a plain 403 body.
  if (response?.headers?.["x-amzn-errortype"] === "ForbiddenException") {
    return { status: 403, message: "Forbidden" };
  }
  const source = response?.source;
  if (source?.offlineInfo !== undefined) {
    return { status: response.statusCode, message: source.errorMessage };
  }
  if (response?.statusCode >= 500 && (source === undefined || source === null || source === "")) {
    return {
      status: response.statusCode,
      message: "the function failed",
      answeredByFunction: true,
    };
  }
  return undefined;
}

function render(template, message) {
  if (!template) return undefined;
  // $context.error.messageString is the quoted message, as in API Gateway's templates.
  try {
    return JSON.parse(
      template.replaceAll("$context.error.messageString", JSON.stringify(message ?? "")),
    );
  } catch {
    return undefined; // a template that is not JSON: keep serverless-offline's body
  }
}

module.exports = OfflineGatewayResponses;
