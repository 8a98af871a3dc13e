// serverless-offline: the API Gateway and Lambda runtime of the local stack, running
// serverless.yml's functions as bundled by serverless-esbuild (which rebuilds on save).
// It runs as `workers` serverless-offline processes sharing the HTTP and Lambda ports
// (local/gateway-primary.ts), each with its own warm handlers, as Lambda runs instances.
//
// Handler modes (the README's "Handler mode" has the measurements):
// - "in-process" (the default): every handler runs in the gateway's own process. The
//   fastest by far, but a handler, once loaded, keeps its first bundle until a restart.
// - "worker-threads": serverless-offline's default, a worker thread per function instance,
//   reused while busy traffic keeps it warm; slower, and it sees edits only once an idle
//   instance has been retired.
// - "reload": worker threads that load the latest bundle for every request, so each edit
//   shows on the next call; every request pays a cold start.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  httpAnswers,
  type LogSink,
  type ManagedProcess,
  spawnManaged,
  waitUntilHealthy,
} from "./process";
import { LOCAL_STAGE } from "./serverless-cli";

export type HandlerMode = "in-process" | "worker-threads" | "reload";

const MODE_FLAGS: Record<HandlerMode, string[]> = {
  "in-process": ["--useInProcess"],
  "worker-threads": [],
  reload: ["--reloadHandler"],
};

/** A gateway worker: its number (1 runs the schedules) and first process id. */
export interface GatewayWorker {
  number: number;
  pid: number;
}

const PRIMARY = join("local", "gateway-primary.ts");
/** What the primary prints once every worker has warmed its functions. */
const READY_LINE = /^gateway ready: \d+ workers \(([\d: ]+)\)$/;

export async function startOffline(options: {
  handlerMode: HandlerMode;
  httpPort: number;
  lambdaPort: number;
  /** How many serverless-offline workers share the ports (AGORA_GATEWAY_WORKERS). */
  workers: number;
  env: NodeJS.ProcessEnv;
  log: LogSink;
}): Promise<{
  process: ManagedProcess;
  gatewayUrl: string;
  lambdaEndpoint: string;
  workers: GatewayWorker[];
}> {
  // Its own bundle folder (relative: serverless-esbuild joins it to the service directory).
  const workFolder = `.local/build/gateway-${options.httpPort}`;
  rmSync(workFolder, { recursive: true, force: true });
  // serverless-offline copies each function into a folder under os.tmpdir() and removes it
  // only on a clean exit of its own: give it a temporary directory the stop removes whole.
  const tempDir = mkdtempSync(join(tmpdir(), "agora-gateway-"));
  let workers: GatewayWorker[] | undefined;
  const child = spawnManaged({
    name: "gateway",
    command: process.execPath,
    args: [
      "--import",
      "tsx",
      PRIMARY,
      String(options.workers),
      "offline",
      "start",
      "--stage",
      LOCAL_STAGE,
      "--host",
      "127.0.0.1",
      "--httpPort",
      String(options.httpPort),
      "--lambdaPort",
      String(options.lambdaPort),
      ...MODE_FLAGS[options.handlerMode],
    ],
    env: {
      // serverless-offline's own lines (its route table, four to eight lines per request)
      // are off: relayed from each worker through the primary, they cost the gateway a
      // third of its throughput. Each request still logs its one JSON line (lib/http/
      // request-log.ts); SLS_LOG_LEVEL=notice brings serverless-offline's back.
      SLS_LOG_LEVEL: process.env.SLS_LOG_LEVEL ?? "warning",
      ...options.env,
      AGORA_ESBUILD_WORK_FOLDER: workFolder,
      TMPDIR: tempDir,
    },
    log: (component, line) => {
      const ready = READY_LINE.exec(line);
      if (ready?.[1]) {
        workers = ready[1].split(" ").map((entry) => {
          const [number, pid] = entry.split(":").map(Number);
          return { number: number ?? 0, pid: pid ?? 0 };
        });
      }
      options.log(component, line);
    },
  });
  const gateway: ManagedProcess = {
    name: child.name,
    pid: child.pid,
    exited: child.exited,
    async stop() {
      await child.stop();
      rmSync(workFolder, { recursive: true, force: true });
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
  const gatewayUrl = `http://127.0.0.1:${options.httpPort}`;
  await waitUntilHealthy(
    gateway,
    `the gateway on port ${options.httpPort}`,
    async () =>
      workers !== undefined &&
      (await httpAnswers(`${gatewayUrl}/health`, (status) => status === 200)),
    180_000,
  );
  return {
    process: gateway,
    gatewayUrl,
    lambdaEndpoint: `http://127.0.0.1:${options.lambdaPort}`,
    workers: workers ?? [],
  };
}
