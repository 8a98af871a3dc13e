// Errors caused by the SQL a client sent (syntax, constraint, binding, a refused statement),
// kept apart from the node's own failures so that they are answered with 400, not 500.
import Database from "better-sqlite3";

export class SqlFailure extends Error {
  override name = "SqlFailure";
  constructor(
    message: string,
    /** SQLite's extended result code, when SQLite raised the error. */
    readonly sqliteCode?: string,
  ) {
    super(message);
  }
}

/** Runs better-sqlite3 calls on client SQL, turning SQLite and binding errors into SqlFailures. */
export function onClientSql<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SqlFailure) throw error;
    if (error instanceof Database.SqliteError) throw new SqlFailure(error.message, error.code);
    if (error instanceof RangeError) throw new SqlFailure(error.message);
    throw error;
  }
}
