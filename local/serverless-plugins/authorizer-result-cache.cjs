// API Gateway's authorizer result cache, for serverless-offline (which ignores
// `resultTtlInSeconds`). As in AWS: the key is the authorizer and the values of its identity
// sources; an answer is reused, without invoking the authorizer, until its TTL ends; a TTL
// of 0 turns the cache off; only Allow answers are kept. `flush()` is
// FlushStageAuthorizersCache. An answer that was being computed while a flush happened is
// not kept, so a flush also covers the authorizer calls in flight.
// The cache is the stage's, as in AWS, though each gateway worker holds a copy: an answer a
// worker keeps goes to `onKept`, which the worker's plugin sends to the others through the
// primary, and `keepShared` takes theirs. Generations order answers and flushes: the
// primary numbers its flushes, and an answer computed before a flush is dropped wherever it
// arrives after it.
// Unlike AWS, concurrent misses of one key share one authorizer call: in AWS each would run
// on an instance (and a core) of its own, in about the time of one; here they would queue
// on the laptop's few cores (100 logins at once: 100 scrypts on 2 cores, seconds each).
"use strict";

const MAX_ENTRIES = 10_000;

class AuthorizerResultCache {
  /**
   * @param {{ now?: () => number, generation?: number,
   *   onKept?: (key: string, result: unknown, expiresAt: number, generation: number) => void }} options
   */
  constructor({ now = Date.now, generation = 0, onKept = () => undefined } = {}) {
    this.now = now;
    this.onKept = onKept;
    this.entries = new Map();
    this.inFlight = new Map();
    this.generation = generation;
  }

  /** The cached answer for this key, if it is still fresh. */
  get(key) {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.result;
  }

  /**
   * Answers from the cache, or runs `authorize` and keeps its answer for `ttlSeconds` when it
   * allows. `key` undefined (an identity source is missing) bypasses the cache.
   */
  async answer(key, ttlSeconds, authorize) {
    if (key === undefined || !(ttlSeconds > 0)) return authorize();
    // Copies in and out: serverless-offline changes the answer it is given in place.
    const cached = this.get(key);
    if (cached !== undefined) return structuredClone(cached);
    let call = this.inFlight.get(key);
    if (call === undefined) {
      const started = this.authorizeAndKeep(key, ttlSeconds, authorize);
      const done = () => {
        if (this.inFlight.get(key) === started) this.inFlight.delete(key);
      };
      started.then(done, done);
      this.inFlight.set(key, started);
      call = started;
    }
    return structuredClone(await call);
  }

  async authorizeAndKeep(key, ttlSeconds, authorize) {
    const generation = this.generation;
    const result = await authorize();
    if (generation === this.generation && isAllow(result)) {
      const expiresAt = this.now() + ttlSeconds * 1000;
      this.keep(key, structuredClone(result), expiresAt);
      this.onKept(key, result, expiresAt, generation);
    }
    return result;
  }

  /** An answer another worker kept: kept here too, unless a flush came after it. */
  keepShared(key, result, expiresAt, generation) {
    if (generation !== this.generation || !isAllow(result) || expiresAt <= this.now()) return;
    this.keep(key, result, expiresAt);
  }

  keep(key, result, expiresAt) {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value);
    this.entries.set(key, { result, expiresAt });
  }

  /** Forgets everything; `generation` is the primary's number for this flush. */
  flush(generation = this.generation + 1) {
    this.generation = generation;
    this.entries.clear();
    this.inFlight.clear(); // calls that started before the flush serve no one after it
  }
}

/** A policy that allows and denies nothing: what API Gateway caches. */
function isAllow(result) {
  const statements = result?.policyDocument?.Statement;
  return (
    Array.isArray(statements) &&
    statements.length > 0 &&
    statements.every((statement) => statement?.Effect === "Allow")
  );
}

/**
 * The cache key of an authorizer event: the authorizer and its identity source values
 * (`method.request.header.X`, `method.request.querystring.X`, comma-separated), or
 * undefined when one is missing or empty.
 */
function cacheKey(authorizerName, identitySource, event) {
  const values = [];
  for (const source of String(identitySource ?? "").split(",")) {
    const header = /^\s*method\.request\.header\.(.+?)\s*$/i.exec(source);
    const query = /^\s*method\.request\.querystring\.(.+?)\s*$/i.exec(source);
    let value;
    if (header) value = headerValue(event.headers, header[1]);
    else if (query) value = event.queryStringParameters?.[query[1]];
    if (typeof value !== "string" || value === "") return undefined;
    values.push(value);
  }
  return values.length === 0 ? undefined : JSON.stringify([authorizerName, ...values]);
}

function headerValue(headers, name) {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

module.exports = { AuthorizerResultCache, cacheKey, isAllow };
