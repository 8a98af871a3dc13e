// serverless-offline: the API Gateway and Lambda runtime of the local stack, running
// serverless.yml's functions as bundled by serverless-esbuild.
//
// Handler modes: "in-process" (the default) serves about three times the requests of
// "worker-threads" with a far shorter tail, but keeps the first bundle it loaded;
// "worker-threads" picks up every edit (serverless-esbuild rebuilds on save).

import { rmSync } from "node:fs";
import {
  httpAnswers,
  type LogSink,
  type ManagedProcess,
  spawnManaged,
  waitUntilHealthy,
} from "./process";
import { LOCAL_STAGE, SERVERLESS_BIN } from "./serverless-cli";

export type HandlerMode = "in-process" | "worker-threads";

export async function startOffline(options: {
  handlerMode: HandlerMode;
  httpPort: number;
  lambdaPort: number;
  env: NodeJS.ProcessEnv;
  log: LogSink;
}): Promise<{ process: ManagedProcess; gatewayUrl: string; lambdaEndpoint: string }> {
  // Its own bundle folder (relative: serverless-esbuild joins it to the service directory).
  const workFolder = `.local/build/gateway-${options.httpPort}`;
  rmSync(workFolder, { recursive: true, force: true });
  const child = spawnManaged({
    name: "gateway",
    command: process.execPath,
    args: [
      SERVERLESS_BIN,
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
      ...(options.handlerMode === "in-process" ? ["--useInProcess"] : []),
    ],
    env: { ...options.env, AGORA_ESBUILD_WORK_FOLDER: workFolder },
    log: options.log,
  });
  const gateway: ManagedProcess = {
    name: child.name,
    pid: child.pid,
    exited: child.exited,
    async stop() {
      await child.stop();
      rmSync(workFolder, { recursive: true, force: true });
    },
  };
  const gatewayUrl = `http://127.0.0.1:${options.httpPort}`;
  await waitUntilHealthy(
    gateway,
    `the gateway on port ${options.httpPort}`,
    () => httpAnswers(`${gatewayUrl}/health`, (status) => status === 200),
    180_000,
  );
  return { process: gateway, gatewayUrl, lambdaEndpoint: `http://127.0.0.1:${options.lambdaPort}` };
}
