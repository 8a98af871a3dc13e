// Turns the parameters of a request into the arguments better-sqlite3 binds to a statement.
import type { WireParams } from "../protocol/sql-api";
import { decodeForBinding } from "../protocol/wire-values";

type BindValue = ReturnType<typeof decodeForBinding>;

/** No arguments, one array of positional values, or one object of named values. */
export function bindArgs(
  params: WireParams | undefined,
): [] | [BindValue[] | Record<string, BindValue>] {
  if (params === undefined) return [];
  if (Array.isArray(params)) return [params.map(decodeForBinding)];
  return [Object.fromEntries(Object.entries(params).map(([k, v]) => [k, decodeForBinding(v)]))];
}
