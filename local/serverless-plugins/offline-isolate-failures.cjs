// Keeps one function's failure from killing the local gateway. serverless-offline runs
// an asynchronous invocation (InvocationType "Event") without awaiting it, so a handler
// that fails there becomes an unhandled rejection, and Node ends the whole process. In
// AWS every function runs in its own sandbox and a failed async invocation is logged
// and retried, never fatal to anything else: this plugin logs it and carries on.
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
      const detail = reason instanceof Error ? reason.stack || reason.message : String(reason);
      console.error(`a function failed outside any request (async invocation?): ${detail}`);
    });
  }
}

module.exports = OfflineIsolateFailures;
