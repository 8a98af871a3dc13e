// Keeps one function's failure from killing the local gateway. In AWS every function runs
// in its own sandbox, and a failure is logged (and an async invocation retried), never
// fatal to anything else. Under serverless-offline, handlers share the gateway's process
// (in-process mode), so two kinds of failure would end it:
// - an asynchronous invocation (InvocationType "Event") is run without being awaited, so a
//   handler that fails there becomes an unhandled rejection;
// - a handler that throws outside its promise (a timer, an event listener) raises an
//   uncaught exception, which the Serverless CLI answers by exiting.
// This plugin logs both and carries on; the request whose handler crashed times out and
// answers the gateway's 502 JSON (offline-gateway-responses.cjs).
"use strict";

class OfflineIsolateFailures {
  constructor() {
    this.hooks = {
      "before:offline:start": () => this.install(),
      "before:offline:start:init": () => this.install(),
    };
  }

  install() {
    if (this.installed) return;
    this.installed = true;
    process.on("unhandledRejection", (reason) => {
      console.error(`a function failed outside any request (async invocation?): ${detail(reason)}`);
    });
    process.removeAllListeners("uncaughtException");
    process.on("uncaughtException", (error) => {
      console.error(
        `a function crashed (uncaught exception); the gateway carries on: ${detail(error)}`,
      );
    });
  }
}

function detail(reason) {
  return reason instanceof Error ? reason.stack || reason.message : String(reason);
}

module.exports = OfflineIsolateFailures;
