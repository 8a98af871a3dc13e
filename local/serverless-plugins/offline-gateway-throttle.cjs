// Load shedding for the local gateway: each worker serves at most AGORA_GATEWAY_MAX_IN_FLIGHT
// requests at once (default 200; 0 turns it off) and answers any request beyond that at
// once with API Gateway's THROTTLED response, which serverless.yml makes a 503 with
// Retry-After and the JSON error body (offline-gateway-responses.cjs renders what
// `request.plugins.agoraGatewayError` names). Without
// it, a gateway past its capacity queues every request until functions time out: clients
// would see timeouts and 502s instead of being told to come back.
// In AWS, the same THROTTLED response answers for the stage's and the account's throttling
// limits; this cap on requests in flight is the local stand-in for them.
"use strict";

const { onApiGatewayServer } = require("./api-gateway-server.cjs");

const DEFAULT_MAX_IN_FLIGHT = 200;

class OfflineGatewayThrottle {
  constructor(serverless) {
    this.serverless = serverless;
    this.maxInFlight = maxInFlight(process.env.AGORA_GATEWAY_MAX_IN_FLIGHT);
    const install = () => onApiGatewayServer(serverless, (server) => this.addTo(server));
    this.hooks = { "after:offline:start:init": install, "before:offline:start": install };
  }

  addTo(server) {
    if (this.maxInFlight === 0) return;
    let inFlight = 0;
    server.ext("onRequest", (request, h) => {
      if (inFlight >= this.maxInFlight) {
        const message = `more than ${this.maxInFlight} requests in flight`;
        request.plugins.agoraGatewayError = { status: 429, type: "THROTTLED", message };
        return h.response().code(429).takeover();
      }
      inFlight++;
      request.plugins.agoraInFlight = true;
      return h.continue;
    });
    // Emitted once the response is sent, or the client has gone.
    server.events.on("response", (request) => {
      if (request.plugins.agoraInFlight) inFlight--;
    });
  }
}

function maxInFlight(setting) {
  if (setting === undefined || setting.trim() === "") return DEFAULT_MAX_IN_FLIGHT;
  const value = Number(setting);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`AGORA_GATEWAY_MAX_IN_FLIGHT must be 0 or a positive integer, not ${setting}`);
  }
  return value;
}

module.exports = OfflineGatewayThrottle;
