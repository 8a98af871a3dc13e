// Reads the zip files `serverless package` writes (stored or deflated entries, no zip64):
// enough to see what a function's zip holds and to unpack it as Lambda would.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { inflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  /** Uncompressed size in bytes. */
  size: number;
  content(): Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** The files in the zip at `path` (directories left out), in the zip's order. */
export function readZip(path: string): ZipEntry[] {
  const zip = readFileSync(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) {
    throw new Error(`${path} is not a zip file`);
  }
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) {
      throw new Error(`${path}: bad central directory`);
    }
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const name = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue;
    entries.push({
      name,
      size,
      content() {
        if (zip.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) {
          throw new Error(`${path}: bad local header for ${name}`);
        }
        const start =
          localHeader +
          30 +
          zip.readUInt16LE(localHeader + 26) +
          zip.readUInt16LE(localHeader + 28);
        const data = zip.subarray(start, start + compressedSize);
        if (method === 0) return Buffer.from(data);
        if (method === 8) return inflateRawSync(data);
        throw new Error(`${path}: ${name} uses compression method ${method}`);
      },
    });
  }
  return entries;
}

/** Unpacks the zip at `path` into `dir`, as Lambda unpacks a function's code into /var/task. */
export function unzipInto(path: string, dir: string): void {
  const root = resolve(dir);
  for (const entry of readZip(path)) {
    const target = resolve(root, entry.name);
    if (!target.startsWith(root + sep)) throw new Error(`${path}: ${entry.name} leaves the zip`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.content());
  }
}
