// The runtime of an executor process: it answers its node's requests one at a time over the IPC
// channel, and dies with its node, even in the middle of a statement that never returns.
import { Worker } from "node:worker_threads";
import * as z from "zod";
import type {
  ExecutorKind,
  ExecutorReplies,
  ExecutorReply,
  ExecutorRequest,
  ExecutorSettings,
} from "./executor-messages";
import { errorFields } from "./log";
import { refusalFor } from "./refusals";

const settingsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("reader"), file: z.string().min(1) }),
  z.object({ kind: z.literal("writer"), file: z.string().min(1), retain: z.number().int().min(1) }),
]);

/** The settings the node started this process with, which must be for an executor of `kind`. */
export function executorSettings<K extends ExecutorKind>(
  kind: K,
): Extract<ExecutorSettings, { kind: K }> {
  const settings = settingsSchema.parse(JSON.parse(process.argv[2] ?? "null"));
  if (settings.kind !== kind)
    throw new Error(`started as a ${kind} with a ${settings.kind}'s settings`);
  return settings as Extract<ExecutorSettings, { kind: K }>;
}

/** Answers the node's requests with `handle` until the node goes away. */
export function serveRequests(
  handle: (request: ExecutorRequest) => ExecutorReplies[keyof ExecutorReplies],
): void {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error("an executor runs as a child process of its node");
  dieWithNode();
  process.on("message", (request: ExecutorRequest) => {
    let reply: ExecutorReply;
    try {
      reply = { type: "done", value: handle(request) };
    } catch (error) {
      const refusal = refusalFor(error);
      reply = refusal
        ? { type: "refused", refusal }
        : { type: "crashed", message: errorFields(error).error };
    }
    send(reply);
  });
  send({ type: "ready" } satisfies ExecutorReply);
}

/**
 * Lives and dies with the node. Ctrl-C in a terminal signals the whole process group, but the
 * node stops its executors itself, so an executor ignores SIGINT. An idle executor sees its IPC
 * channel close when the node exits; one busy in a statement cannot, so a watchdog thread kills
 * the process once it has been handed to another parent.
 */
function dieWithNode(): void {
  process.on("SIGINT", () => undefined);
  process.on("disconnect", () => process.exit(0));
  const watchdog = new Worker(
    `const { workerData: node } = require("node:worker_threads");
     setInterval(() => { if (process.ppid !== node) process.kill(process.pid, "SIGKILL"); }, 250);`,
    { eval: true, workerData: process.ppid, execArgv: [] },
  );
  watchdog.unref();
}
