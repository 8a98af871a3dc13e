// Runs a client's write batch on the primary and turns what it did into replication steps: the
// schema statements that changed the schema, in order, and the final images of the rows touched.
import type Database from "better-sqlite3";
import type { Step } from "../protocol/replication";
import type { WireStatement } from "../protocol/sql-api";
import { bindArgs } from "./bind-params";
import {
  installCaptureTriggers,
  markAllRows,
  readSequences,
  sequenceSteps,
  takeRowImages,
} from "./change-capture";
import { userTables } from "./database";
import { onClientSql } from "./sql-failure";
import { leadingKeyword } from "./sql-text";
import {
  checkSchemaSupported,
  checkStatementAllowed,
  mayChangeSchema,
  SchemaChangeRefused,
} from "./write-rules";

export interface StatementResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface BatchOutcome {
  /** Empty when the batch changed nothing (no schema change, no row touched). */
  steps: Step[];
  results: StatementResult[];
}

/**
 * Runs the statements; call it inside a transaction, which a throw rolls back. Schema changes are
 * refused unless `schemaChanges` allows them (migrations). Row images are taken before each
 * statement that may change the schema, so that a rename or drop cannot orphan them, and at the
 * end; replicas apply the steps in order.
 */
export function runBatch(
  db: Database.Database,
  statements: readonly WireStatement[],
  schemaChanges: "allowed" | "refused",
): BatchOutcome {
  const sequencesBefore = readSequences(db);
  const steps: Step[] = [];
  const results: StatementResult[] = [];
  for (const { sql, params } of statements) {
    checkStatementAllowed(sql);
    if (schemaChanges === "refused" && mayChangeSchema(sql)) {
      throw new SchemaChangeRefused(leadingKeyword(sql));
    }
    const statement = onClientSql(() => db.prepare(sql));
    if (mayChangeSchema(sql)) steps.push(...takeRowImages(db));
    const versionBefore = schemaVersions(db);
    const tablesBefore = leadingKeyword(sql) === "CREATE" ? new Set(userTables(db)) : undefined;
    results.push(onClientSql(() => statement.run(...bindArgs(params))));
    if (schemaVersions(db) !== versionBefore) {
      if (schemaChanges === "refused") throw new SchemaChangeRefused(leadingKeyword(sql));
      checkSchemaSupported(db);
      steps.push(...schemaSteps(db, sql, tablesBefore));
      installCaptureTriggers(db);
    }
  }
  steps.push(...takeRowImages(db), ...sequenceSteps(sequencesBefore, readSequences(db)));
  return { steps, results };
}

/**
 * The schema step for a statement that changed the schema. A statement that created a table
 * is replicated as the table's stored definition, and any rows it put there (CREATE TABLE AS
 * SELECT) as row images, since running it again on a replica could produce other rows.
 */
function schemaSteps(
  db: Database.Database,
  sql: string,
  tablesBefore: Set<string> | undefined,
): Step[] {
  const created = tablesBefore ? userTables(db).filter((table) => !tablesBefore.has(table)) : [];
  if (created.length === 0) return [{ ddl: sql }];
  const definition = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?");
  return created.map((table) => {
    markAllRows(db, table);
    return { ddl: definition.pluck().get(table) as string };
  });
}

function schemaVersions(db: Database.Database): string {
  const main = db.pragma("main.schema_version", { simple: true });
  const temp = db.pragma("temp.schema_version", { simple: true });
  return `${main}/${temp}`;
}
