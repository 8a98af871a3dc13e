import { describe, expect, it } from "vitest";
import {
  canonicalTransaction,
  streamLineSchema,
  streamRequestSchema,
} from "../../../games-db/protocol/replication";

describe("canonical transaction", () => {
  it("does not depend on the order of a row's columns", () => {
    const a = canonicalTransaction(4, [
      { ddl: "CREATE TABLE t (a, b)" },
      { table: "t", rowid: 1, values: { a: 1, b: { $b64: "AAE=" } } },
    ]);
    const b = canonicalTransaction(4, [
      { ddl: "CREATE TABLE t (a, b)" },
      { table: "t", rowid: 1, values: { b: { $b64: "AAE=" }, a: 1 } },
    ]);
    expect(a).toBe(b);
  });

  it("depends on the TXID, the order of steps and every value", () => {
    const one = { table: "t", rowid: 1, values: { a: 1 } };
    const two = { table: "t", rowid: 2, values: null };
    const base = canonicalTransaction(1, [one, two]);
    expect(canonicalTransaction(2, [one, two])).not.toBe(base);
    expect(canonicalTransaction(1, [two, one])).not.toBe(base);
    expect(canonicalTransaction(1, [{ ...one, values: { a: { $f: "1" } } }, two])).not.toBe(base);
  });
});

describe("stream lines", () => {
  it("parses transactions and heartbeats", () => {
    const tx = {
      type: "tx",
      txid: 1,
      checksum: "0123456789abcdef",
      steps: [{ ddl: "CREATE TABLE t (v)" }],
    };
    expect(streamLineSchema.parse(tx)).toEqual(tx);
    expect(streamLineSchema.parse({ type: "heartbeat", txid: 0, primary: "primary" }).type).toBe(
      "heartbeat",
    );
  });

  it.each([
    { type: "tx", txid: 0, checksum: "0123456789abcdef", steps: [] },
    { type: "tx", txid: 1, checksum: "XYZ", steps: [] },
    { type: "tx", txid: 1, checksum: "0123456789abcdef", steps: [{ table: "t", rowid: 1 }] },
    { type: "nope", txid: 1 },
  ])("rejects %j", (line) => {
    expect(streamLineSchema.safeParse(line).success).toBe(false);
  });
});

describe("stream request", () => {
  it("takes a decimal position and an optional checksum", () => {
    expect(streamRequestSchema.parse({ from: "12" })).toEqual({ from: 12 });
    expect(streamRequestSchema.safeParse({ from: "" }).success).toBe(false);
    expect(streamRequestSchema.safeParse({ from: "-1" }).success).toBe(false);
    expect(streamRequestSchema.safeParse({ from: "1", checksum: "zz" }).success).toBe(false);
  });
});
