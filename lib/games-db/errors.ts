// Errors the games-db client throws. The games store turns GamesDbUnavailable into a 503
// (lib/games/store.ts); any other is a defect, and the pipeline answers it with a 500.

export class GamesDbError extends Error {
  override name = "GamesDbError";
  constructor(
    message: string,
    /** The node's error code (`sql_error`, `bad_request`, ...) or `unavailable`. */
    readonly code: string,
  ) {
    super(message);
  }
}

/** No node could serve the request; for a write, whether it was applied is unknown. */
export class GamesDbUnavailable extends GamesDbError {
  override name = "GamesDbUnavailable";
  constructor(message: string) {
    super(message, "unavailable");
  }
}

/** SQLite refused a statement (syntax, constraint, parameters); nothing of the batch was committed. */
export class GamesDbSqlError extends GamesDbError {
  override name = "GamesDbSqlError";
  constructor(
    message: string,
    /** SQLite's extended result code, such as `SQLITE_CONSTRAINT_UNIQUE`, when SQLite raised it. */
    readonly sqliteCode: string | undefined,
  ) {
    super(message, "sql_error");
  }

  get isConstraintViolation(): boolean {
    return this.sqliteCode?.startsWith("SQLITE_CONSTRAINT") ?? false;
  }
}
