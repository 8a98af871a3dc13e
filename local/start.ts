// `npm start`: runs the whole local stack in the foreground, prints where each part
// listens, streams their logs with a prefix each, and stops everything on Ctrl-C or
// when any part dies (then exiting non-zero). `npm start -- --fresh` starts empty;
// `npm start -- --reload` loads the latest bundle for every request, so edits show at once.
import { parseArgs } from "node:util";
import { MissingPrerequisite } from "./prerequisites";
import type { LogSink } from "./process";
import { stackSettingsFromEnv } from "./settings";
import { type RunningStack, startStack } from "./stack";

const COLORS = [36, 33, 35, 32, 34, 31, 96, 93];
const colorOf = new Map<string, number>();
const useColor = process.stdout.isTTY;

const printLog: LogSink = (component, line) => {
  if (!colorOf.has(component)) colorOf.set(component, COLORS[colorOf.size % COLORS.length] ?? 0);
  const prefix = component.padEnd(17);
  console.log(
    useColor ? `\x1b[${colorOf.get(component)}m${prefix}\x1b[0m| ${line}` : `${prefix}| ${line}`,
  );
};

function printComponents(stack: RunningStack): void {
  const rows = stack.components.map((c) => [c.name, c.url, c.pid ? String(c.pid) : "external"]);
  const header = ["component", "listens on", "pid"];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
  console.log(["", "Agora is running:", "", line(header), ...rows.map(line), ""].join("\n"));
  console.log(`Try: curl ${stack.gatewayUrl}/health    Stop: Ctrl-C\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      fresh: { type: "boolean", default: false },
      reload: { type: "boolean", default: false },
    },
  });
  const settings = stackSettingsFromEnv(process.env);

  let stack: RunningStack;
  try {
    stack = await startStack({
      ...settings,
      toolsDir: ".local",
      fresh: values.fresh,
      handlerMode: values.reload ? "reload" : "in-process",
      log: printLog,
    });
  } catch (error) {
    console.error(`agora: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  printComponents(stack);

  const outcome = await new Promise<number>((resolve) => {
    // A terminal's Ctrl-C reaches every process of the group, and tsx relays it too:
    // keep listening, so a second signal cannot kill us before the children are stopped.
    let stopping = false;
    const onSignal = (signal: string) => {
      if (!stopping) console.log(`\n${signal}: stopping every component...`);
      stopping = true;
      resolve(0);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    void stack.died.then(({ name, code }) => {
      console.error(`agora: ${name} exited unexpectedly (code ${code}); stopping everything`);
      resolve(1);
    });
  });
  await stack.stop();
  console.log("agora: stopped");
  return outcome;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof MissingPrerequisite ? error.message : error);
    process.exit(1);
  },
);
