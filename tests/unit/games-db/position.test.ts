import { describe, expect, it } from "vitest";
import {
  formatPosFile,
  INITIAL_POSITION,
  nextChecksum,
  ZERO_CHECKSUM,
} from "../../../games-db/server/position";

describe("-pos file", () => {
  it("writes TXID and checksum as %016x/%016x and a newline, like LiteFS", () => {
    expect(formatPosFile(INITIAL_POSITION)).toBe("0000000000000000/0000000000000000\n");
    expect(formatPosFile({ txid: 255, checksum: "00ff00ff00ff00ff" })).toBe(
      "00000000000000ff/00ff00ff00ff00ff\n",
    );
    expect(formatPosFile({ txid: 2 ** 40 + 1, checksum: ZERO_CHECKSUM })).toBe(
      "0000010000000001/0000000000000000\n",
    );
  });
});

describe("rolling checksum", () => {
  it("is 16 hex digits that depend on the previous checksum and the transaction", () => {
    const first = nextChecksum(ZERO_CHECKSUM, "tx 1");
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(nextChecksum(ZERO_CHECKSUM, "tx 1")).toBe(first);
    expect(nextChecksum(ZERO_CHECKSUM, "tx 2")).not.toBe(first);
    expect(nextChecksum(first, "tx 1")).not.toBe(first);
  });

  it("is the first 8 bytes of sha256(previous, newline, transaction)", () => {
    // sha256("0000000000000000\nabc"), computed independently with `printf ... | sha256sum`.
    expect(nextChecksum(ZERO_CHECKSUM, "abc")).toBe("b053755e19053224");
  });
});
