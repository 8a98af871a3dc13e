// Small pieces of SQL text handling: quoting names and literals, naming a table's rowid, and
// reading a statement's leading keyword past comments.

/** Quotes an identifier for SQLite ("a""b"). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for SQLite ('it''s'). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The first of SQLite's rowid names that no column of the table shadows. */
export function rowidAlias(columns: readonly string[]): string {
  const taken = new Set(columns.map((c) => c.toLowerCase()));
  const alias = ["rowid", "_rowid_", "oid"].find((name) => !taken.has(name));
  if (alias === undefined) throw new Error("columns named rowid, _rowid_ and oid hide the rowid");
  return alias;
}

/** The statement's first keyword in upper case, skipping whitespace and comments. */
export function leadingKeyword(sql: string): string {
  const rest = sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?(?:\*\/|$))*/, "");
  return /^[A-Za-z]+/.exec(rest)?.[0].toUpperCase() ?? "";
}
