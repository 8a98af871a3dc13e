import { describe, expect, it } from "vitest";
import {
  decodeForBinding,
  decodeToJs,
  encodeJsValue,
  encodeStoredValue,
  wireValueSchema,
} from "../../../games-db/protocol/wire-values";

describe("values read from SQLite", () => {
  it.each([
    { value: null, wire: null },
    { value: "text", wire: "text" },
    { value: 42n, wire: 42 },
    { value: -(2n ** 63n), wire: { $i: "-9223372036854775808" } },
    { value: 2n ** 53n, wire: { $i: "9007199254740992" } },
    { value: 1.5, wire: 1.5 },
    { value: 3, wire: { $f: "3" } },
    { value: -0, wire: { $f: "-0" } },
    { value: Number.POSITIVE_INFINITY, wire: { $f: "Infinity" } },
    { value: 1e300, wire: 1e300 },
    { value: Buffer.from([0, 1, 255]), wire: { $b64: "AAH/" } },
  ])("encodes $value exactly and binds it back with its storage class", ({ value, wire }) => {
    const encoded = encodeStoredValue(value);
    expect(encoded).toEqual(wire);
    const sentAndReceived = wireValueSchema.parse(JSON.parse(JSON.stringify(encoded)));
    const bound = decodeForBinding(sentAndReceived);
    expect(typeof bound).toBe(value instanceof Buffer ? "object" : typeof value);
    expect(bound).toEqual(value);
  });

  it("keeps a BLOB's bytes through JSON", () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const wire = wireValueSchema.parse(JSON.parse(JSON.stringify(encodeStoredValue(bytes))));
    expect(Buffer.compare(decodeForBinding(wire) as Buffer, bytes)).toBe(0);
  });
});

describe("values written and read by application code", () => {
  it("sends safe-integer numbers as INTEGERs and other numbers as REALs", () => {
    expect(decodeForBinding(encodeJsValue(7))).toBe(7n);
    expect(decodeForBinding(encodeJsValue(7.25))).toBe(7.25);
    expect(decodeForBinding(encodeJsValue(2 ** 60))).toBe(2 ** 60);
    expect(decodeForBinding(encodeJsValue(12345678901234567890n))).toBe(12345678901234567890n);
  });

  it("reads numbers as numbers, large integers as bigints and BLOBs as bytes", () => {
    expect(decodeToJs(encodeStoredValue(3))).toBe(3);
    expect(decodeToJs(encodeStoredValue(5n))).toBe(5);
    expect(decodeToJs(encodeStoredValue(2n ** 62n))).toBe(2n ** 62n);
    expect(decodeToJs({ $b64: "AAH/" })).toEqual(Buffer.from([0, 1, 255]));
  });
});

describe("wire value schema", () => {
  it.each([
    { $i: "12.5" },
    { $f: "abc" },
    { $b64: "not base64!" },
    { $i: "1", extra: 1 },
    true,
    [1],
  ])("rejects %j", (value) => {
    expect(wireValueSchema.safeParse(value).success).toBe(false);
  });
});
