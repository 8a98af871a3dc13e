// `npm start`: runs the whole local stack in the foreground, prints where each part
// listens, streams their logs with a prefix each, and stops everything on Ctrl-C or
// when any part dies (then exiting non-zero). `npm start -- --fresh` starts empty;
// `npm start -- --reload` loads the latest bundle for every request, so edits show at once.
// A start that cannot succeed (data directory or port in use, a malformed setting, a
// function that cannot serve) ends with one line saying why, and exit code 1.
import { parseArgs } from "node:util";
import { type LogSink, stopEveryProcess } from "./process";
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
  console.log(`API key (x-api-key, GET /logs): ${stack.apiKey}`);
  console.log(`Try: curl ${stack.gatewayUrl}/health    Stop: Ctrl-C\n`);
}

async function main(): Promise<number> {
  // Each component runs in its own process group (local/process.ts), so a terminal's Ctrl-C
  // reaches this process only (npm start runs it with `node --import tsx`: the tsx command
  // would relay the signal and kill this process if it did not answer within 60 ms), and it
  // stops them, in order. During the start, whatever has started so far is stopped.
  const stopRequested = new Promise<string>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      process.on(signal, () => resolve(signal));
    }
  });

  let stack: RunningStack;
  try {
    const { values } = parseArgs({
      options: {
        fresh: { type: "boolean", default: false },
        reload: { type: "boolean", default: false },
      },
    });
    const starting = startStack({
      ...stackSettingsFromEnv(process.env),
      toolsDir: ".local",
      fresh: values.fresh,
      handlerMode: values.reload ? "reload" : "in-process",
      log: printLog,
    });
    const interrupted = await Promise.race([starting.then(() => undefined), stopRequested]);
    if (interrupted) {
      console.log(`\n${interrupted}: stopping what has started...`);
      await stopEveryProcess();
      return 130;
    }
    stack = await starting;
  } catch (error) {
    console.error(`agora: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  printComponents(stack);

  const outcome = await Promise.race([
    stopRequested.then((signal) => {
      console.log(`\n${signal}: stopping every component...`);
      return 0;
    }),
    stack.died.then(({ name, code }) => {
      console.error(`agora: ${name} exited unexpectedly (code ${code}); stopping everything`);
      return 1;
    }),
  ]);
  await stack.stop();
  console.log("agora: stopped");
  return outcome;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
