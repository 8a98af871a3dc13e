// Runs one function as Lambda's Node.js runtime would, in this fresh process: loads the
// handler from the unpacked code (the working directory, like /var/task), invokes it once
// and reports to the parent over IPC what it returned or threw and how long each step took.
// Plain CommonJS, run by node itself, so nothing but the bundle is loaded before it.
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");

const [handler, eventJson] = process.argv.slice(2);
const dot = handler.lastIndexOf(".");
const base = join(process.cwd(), handler.slice(0, dot));
const file = [".js", ".cjs", ".mjs"].map((extension) => base + extension).find(existsSync);
if (!file) throw new Error(`no handler file for ${handler}`);
const context = {
  awsRequestId: "cold-start",
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
};

/** CPU milliseconds used by this process, all threads: other processes' load does not add to it. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const loadStarted = performance.now();
const cpuBeforeLoad = cpuMs();
const handlerModule = require(file);
const loadMs = performance.now() - loadStarted;
const loadCpuMs = cpuMs() - cpuBeforeLoad;
const invoked = performance.now();
Promise.resolve()
  .then(() => handlerModule[handler.slice(dot + 1)](JSON.parse(eventJson), context))
  .then(
    (result) => ({ result }),
    (error) => ({ error: { name: error.name, message: error.message, stack: error.stack } }),
  )
  .then((outcome) => {
    const invokeMs = performance.now() - invoked;
    const invokeCpuMs = cpuMs() - cpuBeforeLoad - loadCpuMs;
    // A store's open connection (Redis) would keep the process alive: report, then exit.
    process.send({ loadMs, loadCpuMs, invokeMs, invokeCpuMs, ...outcome }, () => process.exit(0));
  });
