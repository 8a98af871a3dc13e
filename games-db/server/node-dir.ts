// The files LiteFS keeps beside a database, which LiteFS-aware tools read: `<db>-pos` with the
// position, and `.primary` with the primary's name on a replica connected to it.
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatPosFile, type Position } from "./position";

/** Rewrites `<db>-pos` atomically (write a temporary file, then rename it over the old one). */
export function writePosFile(dir: string, dbName: string, position: Position): void {
  writeAtomically(join(dir, `${dbName}-pos`), formatPosFile(position));
}

export function writePrimaryFile(dir: string, primaryName: string): void {
  writeAtomically(join(dir, ".primary"), `${primaryName}\n`);
}

export function removePrimaryFile(dir: string): void {
  rmSync(join(dir, ".primary"), { force: true });
}

function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}
