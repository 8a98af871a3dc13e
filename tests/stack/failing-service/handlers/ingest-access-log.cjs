// Stands in for logs-ingestAccessLog: decodes each access log delivery the gateway hands it
// and appends its records to the file RECORDED_FILE names, one JSON line each. As a request
// log whose Redis is down, it fails for paths under /unrecordable and answers only at its
// timeout under /unanswered.
const { appendFileSync } = require("node:fs");
const { gunzipSync } = require("node:zlib");

exports.handler = async ({ awslogs }) => {
  const { logEvents } = JSON.parse(gunzipSync(Buffer.from(awslogs.data, "base64")).toString());
  for (const { message } of logEvents) {
    const record = JSON.parse(message);
    if (record.path.startsWith("/unrecordable")) throw new Error("the request log is down");
    if (record.path.startsWith("/unanswered")) await new Promise(() => undefined);
    appendFileSync(process.env.RECORDED_FILE, `${message}\n`);
  }
  return { recorded: logEvents.length };
};
