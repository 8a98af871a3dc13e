// Internal logs-ingestAccessLog, in AWS only: a CloudWatch Logs subscription on the stage's
// access log hands it the calls API Gateway answered itself, and it appends each to the
// request log (lib/request-log/access-log.ts has the how and why). Locally the gateway
// records those calls directly, and this function is never invoked.
import * as z from "zod";
import { internalFunction } from "../../lib/internal-function";
import { gatewayAnsweredCalls } from "../../lib/request-log/access-log";
import { requestLogStore } from "../../lib/request-log/composition-root";

const Delivery = z.object({ awslogs: z.object({ data: z.string().min(1) }) });

export const handler = internalFunction(Delivery, async ({ awslogs }) => {
  const entries = gatewayAnsweredCalls(awslogs.data);
  // One after another, so the log keeps their order.
  for (const entry of entries) await requestLogStore.append(entry, {});
  return { recorded: entries.length };
});
