// serverless-offline: the API Gateway and Lambda runtime of the local stack, running
// serverless.yml's functions as bundled by serverless-esbuild.
//
// Handler modes: "in-process" (the default) serves about three times the requests of
// "worker-threads" with a far shorter tail, but keeps the first bundle it loaded;
// "worker-threads" picks up every edit (serverless-esbuild rebuilds on save).

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
    env: options.env,
    log: options.log,
  });
  const gatewayUrl = `http://127.0.0.1:${options.httpPort}`;
  await waitUntilHealthy(
    child,
    `the gateway on port ${options.httpPort}`,
    () => httpAnswers(`${gatewayUrl}/health`, (status) => status === 200),
    180_000,
  );
  return { process: child, gatewayUrl, lambdaEndpoint: `http://127.0.0.1:${options.lambdaPort}` };
}
