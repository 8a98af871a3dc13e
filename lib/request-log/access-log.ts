// The calls API Gateway answers itself (a refused credential, a missing API key, an unknown
// route, throttling), which no handler sees, reach the request log through the stage's
// access log: serverless.yml's provider.logs.restApi.format writes one JSON record per call,
// and a CloudWatch Logs subscription hands the records of calls that reached no integration
// to logs-ingestAccessLog, which decodes them here. Locally the gateway plugin
// (offline-gateway-responses.cjs) writes the same records and hands them over the same way.
// Calls a function answered are left out: its own middleware (lib/http/request-log.ts)
// recorded them, with counts.
import { gunzipSync } from "node:zlib";
import * as z from "zod";
import type { RequestLogEntry } from "./store";

/** One access log record, as serverless.yml's provider.logs.restApi.format writes it. */
const AccessLogRecord = z.object({
  method: z.string().min(1),
  path: z.string().min(1),
  status: z.coerce.number().int().min(100).max(599),
  requestTimeEpoch: z.coerce.number().int().positive(),
  /** "-" when the call reached no integration: the gateway answered it itself. */
  integrationStatus: z.string(),
});

/** What CloudWatch Logs hands a subscribed function, once `awslogs.data` is decoded. */
const SubscriptionBatch = z.object({
  messageType: z.string(),
  logEvents: z.array(z.object({ message: z.string() })),
});

/**
 * The calls the gateway answered itself in one subscription delivery (base64 of gzip of
 * JSON), in log order. Records that are not Agora's format are skipped, not fatal: one
 * malformed line must not hold back the others.
 */
export function gatewayAnsweredCalls(data: string): RequestLogEntry[] {
  const batch = SubscriptionBatch.parse(
    JSON.parse(gunzipSync(Buffer.from(data, "base64")).toString("utf8")),
  );
  if (batch.messageType !== "DATA_MESSAGE") return []; // CONTROL_MESSAGE: a delivery check
  const entries: RequestLogEntry[] = [];
  for (const { message } of batch.logEvents) {
    const record = AccessLogRecord.safeParse(parseJson(message));
    if (!record.success || record.data.integrationStatus !== "-") continue;
    const { method, path, status, requestTimeEpoch } = record.data;
    entries.push({ method, path, status, at: new Date(requestTimeEpoch).toISOString() });
  }
  return entries;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
