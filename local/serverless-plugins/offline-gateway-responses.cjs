// Applies serverless.yml's AWS::ApiGateway::GatewayResponse resources to the errors
// serverless-offline produces itself (missing credentials, authorizer denials, unknown
// routes), as API Gateway does in AWS; serverless-offline ignores those resources.
// Responses returned by Lambda functions pass through untouched, as in AWS.
"use strict";

/** serverless-offline's own error statuses, and the gateway response type each one is. */
const RESPONSE_TYPE_BY_STATUS = {
  401: "UNAUTHORIZED",
  403: "ACCESS_DENIED",
  404: "MISSING_AUTHENTICATION_TOKEN", // what AWS answers for a route that does not exist
  413: "REQUEST_TOO_LARGE",
};

class OfflineGatewayResponses {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      // `offline start`: the HTTP server exists once offline:start:init has run.
      "after:offline:start:init": () => this.install(),
      // plain `offline`: everything happens inside one hook, so wait for the server.
      "before:offline:start": () => {
        const timer = setInterval(() => {
          if (this.install()) clearInterval(timer);
        }, 20);
      },
    };
    this.installed = false;
  }

  /** Returns true once the hook is in place. */
  install() {
    if (this.installed) return true;
    const offline = this.serverless.pluginManager.plugins.find(
      (plugin) => plugin.constructor?.name === "ServerlessOffline",
    );
    let server;
    try {
      server = offline?.internals().getApiGatewayServer();
    } catch {
      return false; // not created yet
    }
    if (!server) return false;
    const responses = gatewayResponses(this.serverless.service.resources?.Resources ?? {});
    server.ext("onPreResponse", (request, h) => {
      const error = gatewayError(request);
      if (!error) return h.continue;
      const gatewayResponse =
        responses[RESPONSE_TYPE_BY_STATUS[error.status]] ??
        responses[error.status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX"];
      if (!gatewayResponse) return h.continue;
      const reply = h
        .response(render(gatewayResponse.template, error.message) ?? request.response.source)
        .code(Number(gatewayResponse.statusCode ?? error.status));
      for (const [name, value] of Object.entries(gatewayResponse.headers))
        reply.header(name, value);
      return reply;
    });
    this.installed = true;
    return true;
  }
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

/** The gateway's own error in this response, if it is one: hapi errors and the 404 route. */
function gatewayError(request) {
  const response = request.response;
  if (response?.isBoom) {
    return { status: response.output.statusCode, message: response.output.payload?.message };
  }
  if (request.route?.path === "/{p*}") return { status: 404, message: "no such route" };
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
