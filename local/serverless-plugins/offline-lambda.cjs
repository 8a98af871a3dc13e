// serverless-offline's Lambda runtime, as Agora's local plugins reach into it. Its Lambda and
// LambdaFunction classes are not among its package exports: this is the one place that knows
// their paths and the methods the plugins rely on (Lambda's create and get, LambdaFunction's
// setEvent and runHandler). tests/stack/gateway-failures.test.ts and
// tests/integration/gateway-workers.test.ts fail if an upgrade changes them.
"use strict";

const { dirname, join } = require("node:path");
const { pathToFileURL } = require("node:url");

const eventOf = new WeakMap();
const createdListeners = [];
let patched;

function lambdaModule(file) {
  const entry = require.resolve("serverless-offline"); // .../src/index.js
  return pathToFileURL(join(dirname(entry), "lambda", file)).href;
}

/** Patches the classes once: each function remembers its event; `create` is announced. */
function patchOnce() {
  patched ??= (async () => {
    const { default: Lambda } = await import(lambdaModule("Lambda.js"));
    const { default: LambdaFunction } = await import(lambdaModule("LambdaFunction.js"));
    const { create } = Lambda.prototype;
    Lambda.prototype.create = function (...args) {
      for (const listener of createdListeners) listener(this);
      return create.apply(this, args);
    };
    const { setEvent } = LambdaFunction.prototype;
    LambdaFunction.prototype.setEvent = function (event) {
      eventOf.set(this, event);
      return setEvent.call(this, event);
    };
    return { LambdaFunction };
  })();
  return patched;
}

/** Calls `listener(lambda)` when serverless-offline creates its Lambda, before it serves. */
async function onLambdaCreated(listener) {
  createdListeners.push(listener);
  await patchOnce();
}

/**
 * Wraps every function's runHandler: `wrap(fn, event, run)` runs in its place, with the event
 * serverless-offline set and `run` what ran before. A wrap made later runs outside the
 * earlier ones.
 */
async function wrapRunHandler(wrap) {
  const { LambdaFunction } = await patchOnce();
  const { runHandler } = LambdaFunction.prototype;
  LambdaFunction.prototype.runHandler = function () {
    return wrap(this, eventOf.get(this), () => runHandler.call(this));
  };
}

/** Runs function `key` in-process with `event`, as serverless-offline's own invocations do. */
function invokeInProcess(lambda, key, event) {
  const fn = lambda.get(key);
  fn.setEvent(event);
  return fn.runHandler();
}

module.exports = { invokeInProcess, onLambdaCreated, wrapRunHandler };
