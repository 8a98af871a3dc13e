// Decoding the access log records a CloudWatch Logs subscription delivers (in AWS) into the
// request log entries of the calls the gateway answered itself.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gatewayAnsweredCalls } from "../../../lib/request-log/access-log";

function delivery(messages: string[], messageType = "DATA_MESSAGE"): string {
  const batch = {
    messageType,
    logGroup: "/aws/api-gateway/agora-dev",
    logEvents: messages.map((message, i) => ({ id: String(i), timestamp: 0, message })),
  };
  return gzipSync(JSON.stringify(batch)).toString("base64");
}

const record = (fields: Record<string, string>) =>
  JSON.stringify({
    method: "GET",
    path: "/users/me",
    status: "401",
    requestTimeEpoch: "1795657105446",
    integrationStatus: "-",
    ...fields,
  });

describe("the access log's gateway-answered calls", () => {
  it("are the records with no integration, in order, with the time as ISO", () => {
    const data = delivery([
      record({}),
      record({ path: "/users", method: "POST", status: "201", integrationStatus: "200" }),
      record({ path: "/nowhere", status: "404" }),
    ]);
    expect(gatewayAnsweredCalls(data)).toEqual([
      { method: "GET", path: "/users/me", status: 401, at: "2026-11-26T01:38:25.446Z" },
      { method: "GET", path: "/nowhere", status: 404, at: "2026-11-26T01:38:25.446Z" },
    ]);
  });

  it("skip a record that is not Agora's format, keeping the others", () => {
    const data = delivery(["not json", record({ status: "many" }), record({ status: "403" })]);
    expect(gatewayAnsweredCalls(data).map((entry) => entry.status)).toEqual([403]);
  });

  it("are none in CloudWatch's control message", () => {
    expect(gatewayAnsweredCalls(delivery([record({})], "CONTROL_MESSAGE"))).toEqual([]);
  });
});
