// What a write batch may contain: statements that would break the node's transaction or touch
// its internal tables are refused (as SqlFailure), and so are schemas row images cannot copy.
// Schema changes are refused outside migrations (SchemaChangeRefused).
import type Database from "better-sqlite3";
import { INTERNAL_PREFIX, isReservedName } from "./database";
import { SqlFailure } from "./sql-failure";
import { leadingKeyword } from "./sql-text";

const refusedKeywords = new Set([
  "BEGIN",
  "COMMIT",
  "END",
  "ROLLBACK",
  "SAVEPOINT",
  "RELEASE",
  "ATTACH",
  "DETACH",
  "VACUUM",
  "PRAGMA",
]);

/** A batch sent to POST /exec tried to change the schema, which only migrations may do. */
export class SchemaChangeRefused extends Error {
  override name = "SchemaChangeRefused";
  constructor(what: string) {
    super(
      `${what} changes the schema, which only a migration may do (POST /migrate); nothing of the batch was committed`,
    );
  }
}

/** Keywords of statements that may change the schema. */
const schemaKeywords = new Set(["CREATE", "DROP", "ALTER"]);

export function checkStatementAllowed(sql: string): void {
  const keyword = leadingKeyword(sql);
  if (refusedKeywords.has(keyword)) {
    throw new SqlFailure(
      `${keyword} is not allowed in a batch: the node runs each batch as one transaction`,
    );
  }
  if (sql.toLowerCase().includes(INTERNAL_PREFIX)) {
    throw new SqlFailure(`names starting with ${INTERNAL_PREFIX} are internal to games-db`);
  }
}

export function mayChangeSchema(sql: string): boolean {
  return schemaKeywords.has(leadingKeyword(sql));
}

/**
 * Refuses schemas replicas could not converge on: WITHOUT ROWID and virtual tables (rows are
 * replicated by rowid), triggers (a replica would fire them again) and temporary objects.
 */
export function checkSchemaSupported(db: Database.Database): void {
  const tables = db.pragma("main.table_list") as { name: string; type: string; wr: number }[];
  for (const table of tables) {
    if (isReservedName(table.name)) continue;
    if (table.wr === 1) {
      throw new SqlFailure(
        `table ${table.name} is WITHOUT ROWID: games-db replicates rows by rowid, so it supports only rowid tables`,
      );
    }
    if (table.type === "virtual" || table.type === "shadow") {
      throw new SqlFailure(`${table.name} is a virtual table, which games-db cannot replicate`);
    }
  }
  const trigger = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND substr(name, 1, ?) <> ? LIMIT 1",
    )
    .pluck()
    .get(INTERNAL_PREFIX.length, INTERNAL_PREFIX) as string | undefined;
  if (trigger !== undefined) {
    throw new SqlFailure(
      `trigger ${trigger}: games-db does not support triggers (replicas would run them again)`,
    );
  }
  if (db.prepare("SELECT 1 FROM sqlite_temp_schema LIMIT 1").get() !== undefined) {
    throw new SqlFailure("temporary tables, views and triggers are not supported");
  }
}
