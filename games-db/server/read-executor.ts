// A reader: an executor process that runs POST /query statements on its own read-only
// connection, so that a node serves reads on several cores and can kill one that runs too long.
import { openForReading } from "./database";
import { executorSettings, serveRequests } from "./executor-process";
import { queryAnswer } from "./read-query";

const db = openForReading(executorSettings("reader").file);

serveRequests((request) => {
  if (request.type !== "query") throw new Error(`a reader does not take ${request.type} requests`);
  return queryAnswer(db, request.sql, request.params);
});
