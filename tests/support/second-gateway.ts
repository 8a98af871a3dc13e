// Another gateway process on the integration stack's stores (free ports, the stack's function
// environment plus `env`): as concurrent Lambda instances, or functions configured otherwise.
import { inject } from "vitest";
import { type HandlerMode, startOffline } from "../../local/offline";
import type { ManagedProcess } from "../../local/process";
import { freePorts } from "./free-port";

export async function startSecondGateway(
  handlerMode: HandlerMode,
  env: NodeJS.ProcessEnv = {},
): Promise<{
  process: ManagedProcess;
  gatewayUrl: string;
  /** Its output, line by line. */
  log: string[];
}> {
  const log: string[] = [];
  const [httpPort, lambdaPort] = await freePorts(2);
  if (!httpPort || !lambdaPort) throw new Error("no free ports");
  try {
    const gateway = await startOffline({
      handlerMode,
      httpPort,
      lambdaPort,
      workers: 1,
      env: { ...inject("functionEnv"), ...env },
      log: (component, line) => log.push(`${component} | ${line}`),
    });
    return { ...gateway, log };
  } catch (error) {
    console.error(`the second gateway did not start:\n${log.slice(-40).join("\n")}`);
    throw error;
  }
}
