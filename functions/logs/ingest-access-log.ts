// Internal logs-ingestAccessLog: appends to the request log (GET /logs) the calls API Gateway
// answered itself, which no handler saw (lib/request-log/access-log.ts has the how and why).
// In AWS a CloudWatch Logs subscription on the stage's access log invokes it; locally the
// gateway plugin (offline-gateway-responses.cjs) hands it the same records, the same way.
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
