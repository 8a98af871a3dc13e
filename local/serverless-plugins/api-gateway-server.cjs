// serverless-offline's API Gateway: the hapi server Agora's local plugins add to (gateway
// responses, throttling). It exists once serverless-offline's `offline:start:init` has run;
// plain `offline` creates it inside its one hook, so there it is waited for.
"use strict";

/** The server, or undefined while serverless-offline has not created it. */
function apiGatewayServer(serverless) {
  const offline = serverless.pluginManager.plugins.find(
    (plugin) => plugin.constructor?.name === "ServerlessOffline",
  );
  try {
    return offline?.internals().getApiGatewayServer() ?? undefined;
  } catch {
    return undefined; // not created yet
  }
}

/** Calls `install(server)` once, as soon as the server exists. */
function onApiGatewayServer(serverless, install) {
  const server = apiGatewayServer(serverless);
  if (server) return void install(server);
  const timer = setInterval(() => {
    const created = apiGatewayServer(serverless);
    if (!created) return;
    clearInterval(timer);
    install(created);
  }, 20);
}

module.exports = { onApiGatewayServer };
