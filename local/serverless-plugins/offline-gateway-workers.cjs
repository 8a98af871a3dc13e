// Makes a serverless-offline process a worker of the local gateway (local/gateway-primary.ts)
// and gives it API Gateway's authorizer result cache:
// - `schedule` events fire in worker 1 only, so once per schedule across all workers, as in
//   AWS (AGORA_GATEWAY_WORKER names the worker; unset, the process is alone and keeps them);
// - as a worker, it invokes every function once with the warm-up event (lib/warm-up.ts)
//   once it serves, so each worker's handlers are warm, then tells the primary it is ready;
// - the REQUEST authorizer's answers are cached per identity source values for
//   `resultTtlInSeconds` (authorizer-result-cache.cjs), one cache for the whole stage as in
//   AWS: each answer a worker keeps is sent to the primary, which hands it to the other
//   workers, and all forget everything when the primary relays a FlushStageAuthorizersCache.
//   A lookup stays a synchronous read of the worker's own copy. AGORA_EMULATE_AUTHORIZER_CACHE
//   =false leaves the cache out, as plain serverless-offline (the benchmarks' "before").
// It reaches into serverless-offline's Lambda runtime through offline-lambda.cjs.
"use strict";

const { AuthorizerResultCache, cacheKey } = require("./authorizer-result-cache.cjs");
const { invokeInProcess, onLambdaCreated, wrapRunHandler } = require("./offline-lambda.cjs");

const WARM_UP_EVENT = { agoraWarmUp: true }; // lib/warm-up.ts
const {
  AUTHORIZER_CACHE_FLUSHED,
  AUTHORIZER_CACHE_WANTED,
  AUTHORIZER_RESULT_KEPT,
  AUTHORIZER_RESULT_SHARED,
  FLUSH_AUTHORIZER_CACHE,
  WORKER_READY,
} = require("./gateway-messages.cjs");

class OfflineGatewayWorkers {
  constructor(serverless) {
    this.serverless = serverless;
    this.worker = process.env.AGORA_GATEWAY_WORKER;
    this.cache = new AuthorizerResultCache({
      generation: Number(process.env.AGORA_AUTHORIZER_CACHE_GENERATION ?? 0),
      onKept: (key, result, expiresAt, generation) =>
        process.send?.({ type: AUTHORIZER_RESULT_KEPT, key, result, expiresAt, generation }),
    });
    this.hooks = {
      "before:offline:start:init": () => this.prepare(),
      "after:offline:start:init": () => this.warmUpAndReport(),
      "before:offline:start": () => this.prepare(),
    };
  }

  async prepare() {
    if (this.prepared) return this.prepared;
    this.prepared = (async () => {
      if (this.worker !== undefined && this.worker !== "1") this.dropSchedules();
      await this.patchServerlessOffline();
      process.on("message", (message) => {
        if (message?.type === AUTHORIZER_RESULT_SHARED) {
          const { key, result, expiresAt, generation } = message;
          this.cache.keepShared(key, result, expiresAt, generation);
        } else if (message?.type === FLUSH_AUTHORIZER_CACHE) {
          this.cache.flush(message.generation);
          process.send?.({ type: AUTHORIZER_CACHE_FLUSHED, id: message.id });
        }
      });
      // A worker that replaces one starts with the stage's cache, before it serves.
      process.send?.({ type: AUTHORIZER_CACHE_WANTED });
    })();
    return this.prepared;
  }

  dropSchedules() {
    for (const definition of Object.values(this.serverless.service.functions ?? {})) {
      definition.events = (definition.events ?? []).filter((event) => !event.schedule);
    }
  }

  /** Each authorizer's name (its Lambda name) → its identity sources and TTL. */
  authorizers() {
    const byName = new Map();
    const service = this.serverless.service;
    for (const definition of Object.values(service.functions ?? {})) {
      for (const event of definition.events ?? []) {
        const authorizer = event.http?.authorizer;
        if (typeof authorizer !== "object" || !authorizer.name) continue;
        const name = service.functions[authorizer.name]?.name ?? authorizer.name;
        byName.set(name, {
          identitySource: authorizer.identitySource ?? "method.request.header.Authorization",
          ttlSeconds: Number(authorizer.resultTtlInSeconds ?? 300),
        });
      }
    }
    return byName;
  }

  async patchServerlessOffline() {
    await onLambdaCreated((lambda) => {
      this.lambda = lambda;
    });
    const authorizers = this.authorizers();
    const emulateCache = process.env.AGORA_EMULATE_AUTHORIZER_CACHE !== "false";
    await wrapRunHandler((fn, event, run) => {
      const authorizer = emulateCache && authorizers.get(fn.functionName);
      if (!authorizer || typeof event?.methodArn !== "string") return run();
      const key = cacheKey(fn.functionName, authorizer.identitySource, event);
      return this.cache.answer(key, authorizer.ttlSeconds, run);
    });
  }

  async warmUpAndReport() {
    if (this.worker === undefined || !process.send || !this.lambda) return;
    const keys = this.serverless.service.getAllFunctions();
    const failures = [];
    await Promise.all(
      keys.map(async (key) => {
        try {
          await invokeInProcess(this.lambda, key, WARM_UP_EVENT);
        } catch (error) {
          failures.push(`${key}: ${error?.message ?? String(error)}`);
        }
      }),
    );
    for (const failure of failures) console.error(`warm-up failed: ${failure}`);
    process.send({ type: WORKER_READY, failures });
  }
}

module.exports = OfflineGatewayWorkers;
