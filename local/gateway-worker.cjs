// A gateway worker (local/gateway-primary.ts): the Serverless CLI, run so that the cluster's
// IPC channel does not keep it alive on its own. The CLI ends by letting the event loop
// drain, which an open channel would prevent: a worker whose CLI failed (a bad option, a
// bundle that does not build) would hang instead of exiting. Once serverless-offline
// serves, its servers keep the worker running, and the plugin's message listener
// (offline-gateway-workers.cjs) holds the channel again.
"use strict";

process.channel?.unref();
require("../node_modules/serverless/bin/serverless.js");
