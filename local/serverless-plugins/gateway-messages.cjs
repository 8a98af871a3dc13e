// The IPC messages between the gateway's primary (local/gateway-primary.ts) and each worker's
// plugin (offline-gateway-workers.cjs), named once for both sides.
"use strict";

module.exports = {
  /** worker → primary: every function is warm; serve. */
  WORKER_READY: "agora:worker-ready",
  /** primary → worker: forget every authorizer answer (with the flush's generation). */
  FLUSH_AUTHORIZER_CACHE: "agora:flush-authorizer-cache",
  /** worker → primary: flushed (with the flush's id). */
  AUTHORIZER_CACHE_FLUSHED: "agora:authorizer-cache-flushed",
  /** worker → primary: an authorizer answer this worker keeps. */
  AUTHORIZER_RESULT_KEPT: "agora:authorizer-result-kept",
  /** primary → worker: an answer another worker keeps. */
  AUTHORIZER_RESULT_SHARED: "agora:authorizer-result-shared",
  /** worker → primary: send me the stage's answers (a worker starting). */
  AUTHORIZER_CACHE_WANTED: "agora:authorizer-cache-wanted",
};
