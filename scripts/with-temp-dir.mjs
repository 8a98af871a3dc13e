// Runs a command with TMPDIR set to a directory of its own, removed when the command ends,
// however it ends. `npm test` runs vitest this way: vitest leaves a folder of transformed
// modules in the temporary directory after every run (vitest-dev/vitest#11224), and a run
// that is interrupted leaves whatever its tests had not yet removed.
//   node scripts/with-temp-dir.mjs <command> [args...]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/with-temp-dir.mjs <command> [args...]");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "agora-run-"));
const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, TMPDIR: dir } });
// Ctrl-C reaches the child from the terminal; a signal sent to this process alone is passed on.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("error", (error) => {
  rmSync(dir, { recursive: true, force: true });
  console.error(`${command}: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  rmSync(dir, { recursive: true, force: true });
  // A child killed by a signal ends the way a shell reports it: 128 + the signal's number.
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
