// Stands in for logs-recordGatewayResponse: appends each entry the gateway hands it to the
// file RECORDED_FILE names, one JSON line each. As a request log whose Redis is down, it
// fails for paths under /unrecordable and answers only at its timeout under /unanswered.
const { appendFileSync } = require("node:fs");

exports.handler = async (entry) => {
  if (entry.path.startsWith("/unrecordable")) throw new Error("the request log is down");
  if (entry.path.startsWith("/unanswered")) await new Promise(() => undefined);
  appendFileSync(process.env.RECORDED_FILE, `${JSON.stringify(entry)}\n`);
  return { recorded: true };
};
