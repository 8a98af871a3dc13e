// How SQL values travel as JSON between games-db nodes and their clients: exact for
// SQLite's storage classes (INTEGER vs REAL, 64-bit integers, BLOBs), plain JSON where that is lossless.
import * as z from "zod";

/** A value as JavaScript code reads or binds it. */
export type SqlValue = null | number | bigint | string | Uint8Array;

/**
 * A value on the wire. A plain number that is a safe integer is an INTEGER, any other plain
 * number a REAL; `$i` is an INTEGER outside ±2^53, `$f` a REAL that a plain number cannot mark
 * as one (a safe integer, infinite, -0), `$b64` a BLOB.
 */
const bigIntegerSchema = z.strictObject({ $i: z.string().regex(/^-?\d{1,19}$/) });

/** An INTEGER on the wire (a rowid, a lastInsertRowid). */
export const wireIntegerSchema = z.union([z.number().int(), bigIntegerSchema]);
export type WireInteger = z.infer<typeof wireIntegerSchema>;

export const wireValueSchema = z.union([
  z.null(),
  z.number(),
  z.string(),
  bigIntegerSchema,
  z.strictObject({ $f: z.string().refine((s) => !Number.isNaN(Number(s)), "not a number") }),
  z.strictObject({ $b64: z.base64() }),
]);
export type WireValue = z.infer<typeof wireValueSchema>;

/** Encodes a value read from SQLite with safe integers on: bigint is INTEGER, number is REAL. */
export function encodeStoredValue(value: unknown): WireValue {
  if (typeof value === "bigint") return encodeInteger(value);
  if (typeof value === "number") {
    const ambiguous =
      Number.isSafeInteger(value) || !Number.isFinite(value) || Object.is(value, -0);
    return ambiguous ? { $f: Object.is(value, -0) ? "-0" : String(value) } : value;
  }
  if (value === null || typeof value === "string") return value;
  if (value instanceof Uint8Array) return { $b64: Buffer.from(value).toString("base64") };
  throw new TypeError(`not an SQLite value: ${typeof value}`);
}

/** Encodes a value written by JavaScript code: a safe-integer number means an INTEGER. */
export function encodeJsValue(value: SqlValue): WireValue {
  if (typeof value === "bigint") return encodeInteger(value);
  if (typeof value === "number" && !Number.isFinite(value)) return { $f: String(value) };
  if (value instanceof Uint8Array) return { $b64: Buffer.from(value).toString("base64") };
  return value;
}

/** Decodes a wire value into what better-sqlite3 binds with the right storage class. */
export function decodeForBinding(value: WireValue): null | number | bigint | string | Buffer {
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (value === null || typeof value === "string") return value;
  if ("$i" in value) return BigInt(value.$i);
  if ("$f" in value) return Number(value.$f);
  return Buffer.from(value.$b64, "base64");
}

/** Decodes a wire value for application code: numbers, bigints beyond ±2^53, Buffers. */
export function decodeToJs(value: WireValue): SqlValue {
  if (value === null || typeof value === "number" || typeof value === "string") return value;
  if ("$i" in value) return BigInt(value.$i);
  if ("$f" in value) return Number(value.$f);
  return Buffer.from(value.$b64, "base64");
}

/** Decodes a wire INTEGER for application code: a number, or a bigint beyond ±2^53. */
export function decodeInteger(value: WireInteger): number | bigint {
  return typeof value === "number" ? value : BigInt(value.$i);
}

/** Encodes an INTEGER: a plain number when it is safe, `$i` otherwise. */
export function encodeInteger(value: bigint): WireInteger {
  const safe = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
  return safe ? Number(value) : { $i: value.toString() };
}
