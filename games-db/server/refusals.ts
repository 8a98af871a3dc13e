// The node's answer to SQL it refuses or that fails, by kind of failure; executors send these
// back so that the node answers with them as they are.
import type { Refusal } from "./executor-messages";
import { MigrationConflict } from "./migrations";
import { NotAQuery } from "./read-query";
import { SqlFailure } from "./sql-failure";
import { SchemaChangeRefused } from "./write-rules";

/** The answer for a failure the request caused, or undefined for the node's own failures. */
export function refusalFor(error: unknown): Refusal | undefined {
  if (error instanceof SqlFailure) {
    const details = error.sqliteCode === undefined ? {} : { sqliteCode: error.sqliteCode };
    return { status: 400, error: { code: "sql_error", message: error.message, ...details } };
  }
  if (error instanceof NotAQuery) {
    return { status: 400, error: { code: "not_a_query", message: error.message } };
  }
  if (error instanceof SchemaChangeRefused) {
    return { status: 403, error: { code: "schema_change_refused", message: error.message } };
  }
  if (error instanceof MigrationConflict) {
    return { status: 409, error: { code: "migration_conflict", message: error.message } };
  }
  return undefined;
}
