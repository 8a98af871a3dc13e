// A node's replication position (TXID and rolling checksum): how the checksum rolls forward and
// how LiteFS writes a position in its -pos file.
import { createHash } from "node:crypto";

export interface Position {
  txid: number;
  /** 16 lower-case hex digits: a 64-bit rolling checksum of every transaction up to txid. */
  checksum: string;
}

export const ZERO_CHECKSUM = "0000000000000000";
export const INITIAL_POSITION: Position = { txid: 0, checksum: ZERO_CHECKSUM };

/** The first 8 bytes of sha256(previous checksum, newline, canonical transaction), as hex. */
export function nextChecksum(previous: string, canonicalTransaction: string): string {
  return createHash("sha256")
    .update(`${previous}\n${canonicalTransaction}`)
    .digest("hex")
    .slice(0, 16);
}

/** The -pos file's content: `%016x/%016x\n` (TXID/checksum), as LiteFS writes it. */
export function formatPosFile(position: Position): string {
  return `${position.txid.toString(16).padStart(16, "0")}/${position.checksum}\n`;
}
