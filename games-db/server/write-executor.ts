// The writer: the one executor process of a primary that writes. It runs each batch or migration
// to the end of its transaction and waits for the node's word to commit, so that a write the node
// stopped for running too long can never have been committed.
import { openDatabase } from "./database";
import { executorSettings, serveRequests } from "./executor-process";
import { stageWrite } from "./write-transaction";

const { file, retain } = executorSettings("writer");
const db = openDatabase(file, "primary");

serveRequests((request) => {
  switch (request.type) {
    case "write":
      return stageWrite(db, request, retain);
    case "commit":
      db.exec("COMMIT");
      return null;
    default:
      throw new Error(`the writer does not take ${request.type} requests`);
  }
});
