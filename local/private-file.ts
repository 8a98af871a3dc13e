// Files only their owner may read (mode 0600), written whole or not at all: the stack's
// secrets, and the config file that hands redis-server its password.
import { chmodSync, renameSync, writeFileSync } from "node:fs";

export function writePrivateFile(path: string, content: string): void {
  const scratch = `${path}.${process.pid}.tmp`;
  writeFileSync(scratch, content, { mode: 0o600 });
  chmodSync(scratch, 0o600); // whatever the umask
  renameSync(scratch, path);
}
