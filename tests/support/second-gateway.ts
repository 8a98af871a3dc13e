// A second gateway on the integration stack's stores (tests/support/extra-gateway.ts), with
// the stack's function environment plus `env`, and its output kept for the test.
import { inject } from "vitest";
import type { HandlerMode } from "../../local/offline";
import { type ExtraGateway, startGatewayOn } from "./extra-gateway";

export async function startSecondGateway(
  handlerMode: HandlerMode,
  env: NodeJS.ProcessEnv = {},
): Promise<ExtraGateway & { /** Its output, line by line. */ log: string[] }> {
  const log: string[] = [];
  try {
    const gateway = await startGatewayOn(inject("functionEnv"), {
      handlerMode,
      env,
      log: (component, line) => log.push(`${component} | ${line}`),
    });
    return { ...gateway, log };
  } catch (error) {
    console.error(`the second gateway did not start:\n${log.slice(-40).join("\n")}`);
    throw error;
  }
}
