// Internal logs-recordGatewayResponse: appends to the request log (GET /logs) a call the
// gateway answered itself, which no handler saw: a missing or refused credential (401, 403),
// a private route without its API key (403), an unknown route (404), a body too large
// (413), or the DEFAULT_5XX of a function that failed behind its route. Handlers record
// their own calls (lib/http/request-log.ts); this records the rest, counting nothing.
//
// Locally, the gateway invokes it for each such answer
// (local/serverless-plugins/offline-gateway-responses.cjs). In AWS, API Gateway answers these
// without running any of Agora's code: they are seen only in the stage's access log, which a
// CloudWatch Logs subscription would hand to this function (README, "The request log").
import * as z from "zod";
import { internalFunction } from "../../lib/internal-function";
import { requestLogStore } from "../../lib/request-log/composition-root";

const GatewayResponse = z.object({
  method: z.string().min(1),
  path: z.string().min(1),
  status: z.number().int().min(100).max(599),
  at: z.iso.datetime(),
});

export const handler = internalFunction(GatewayResponse, async (entry) => {
  await requestLogStore.append(entry, {});
  return { recorded: true };
});
