// Middleware: enforces the 64 KiB body limit and parses JSON bodies, so a malformed
// body is a 400 before any handler code runs.
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { BadRequest, PayloadTooLarge } from "./errors";

export const MAX_BODY_BYTES = 64 * 1024;

export interface ParsedBodyEvent extends APIGatewayProxyEvent {
  /** The parsed JSON body; undefined when the request had none. */
  parsedBody?: unknown;
}

export function jsonBody(): MiddlewareObj<ParsedBodyEvent> {
  return {
    before: (request) => {
      const { body, isBase64Encoded } = request.event;
      if (body === null || body === undefined || body === "") return;
      const raw = isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body, "utf8");
      if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLarge(MAX_BODY_BYTES);
      try {
        request.event.parsedBody = JSON.parse(raw.toString("utf8"));
      } catch {
        throw new BadRequest("the request body is not valid JSON");
      }
    },
  };
}
