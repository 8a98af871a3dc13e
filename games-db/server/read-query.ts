// Runs one read-only statement for POST /query; anything that could write is refused here.
import type Database from "better-sqlite3";
import type { QueryResponse, WireParams } from "../protocol/sql-api";
import { encodeStoredValue, type WireValue } from "../protocol/wire-values";
import { bindArgs } from "./bind-params";
import { readPosition } from "./database";
import { onClientSql } from "./sql-failure";

/** The statement does not only read, or returns no rows. */
export class NotAQuery extends Error {
  override name = "NotAQuery";
}

export function runQuery(
  db: Database.Database,
  sql: string,
  params: WireParams | undefined,
): Record<string, WireValue>[] {
  const statement = onClientSql(() => db.prepare(sql));
  if (!statement.readonly || !statement.reader) {
    throw new NotAQuery(
      "POST /query runs only read-only statements that return rows; send writes to POST /exec",
    );
  }
  statement.safeIntegers(true);
  const rows = onClientSql(() => statement.all(...bindArgs(params))) as Record<string, unknown>[];
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, encodeStoredValue(v)])),
  );
}

/**
 * POST /query's answer as JSON text: the rows, and the TXID they were read at, both read in one
 * read transaction so that the TXID is exactly that of the data.
 */
export function queryAnswer(
  db: Database.Database,
  sql: string,
  params: WireParams | undefined,
): string {
  return db.transaction(() => {
    const answer: QueryResponse = { txid: readPosition(db).txid, rows: runQuery(db, sql, params) };
    return JSON.stringify(answer);
  })();
}
