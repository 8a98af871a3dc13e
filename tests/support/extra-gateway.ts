// Another gateway process on a running stack's stores (free ports, the stack's function
// environment plus `env`): as concurrent Lambda instances, or functions configured
// otherwise. Benchmarks pass their stack's environment; integration tests use
// startSecondGateway (second-gateway.ts), which takes the test stack's from vitest.
import { type HandlerMode, startOffline } from "../../local/offline";
import type { LogSink, ManagedProcess } from "../../local/process";
import { freePorts } from "./free-port";

export interface ExtraGateway {
  process: ManagedProcess;
  gatewayUrl: string;
}

export async function startGatewayOn(
  functionEnv: NodeJS.ProcessEnv,
  options: { handlerMode: HandlerMode; workers?: number; env?: NodeJS.ProcessEnv; log: LogSink },
): Promise<ExtraGateway> {
  const [httpPort, lambdaPort] = await freePorts(2);
  if (!httpPort || !lambdaPort) throw new Error("no free ports");
  const { process, gatewayUrl } = await startOffline({
    handlerMode: options.handlerMode,
    httpPort,
    lambdaPort,
    workers: options.workers ?? 1,
    env: { ...functionEnv, ...options.env },
    log: options.log,
  });
  return { process, gatewayUrl };
}
