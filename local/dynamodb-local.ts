// DynamoDB Local, the official jar, run with the system's Java. The jar is not
// downloaded from the web: it ships in the npm package amplify-dynamodb-simulator,
// which is fetched once with `npm pack` and only its emulator/ directory kept.
//
// DynamoDB Local accepts any credentials, so it must not be reachable from the network.
// The jar has no host option; it is started through DynamoDbLocalOnLoopback.java, a
// launcher that binds its server to 127.0.0.1 (the file says how).
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { localDynamoClient } from "./local-aws";
import { type LogSink, type ManagedProcess, spawnManaged, waitUntilHealthy } from "./process";

const SIMULATOR_PACKAGE = "amplify-dynamodb-simulator@2.9.30";
const LOOPBACK_LAUNCHER = fileURLToPath(new URL("DynamoDbLocalOnLoopback.java", import.meta.url));
const LAUNCHER_CLASS = "DynamoDbLocalOnLoopback";

/**
 * Returns the directory holding DynamoDBLocal.jar, unpacking it on first use, and compiles
 * the loopback launcher into it once per version of its source.
 */
export function ensureDynamoDbLocal(toolsDir: string, log: LogSink): string {
  const emulatorDir = join(toolsDir, "dynamodb-local");
  if (!existsSync(join(emulatorDir, "DynamoDBLocal.jar"))) fetchJar(toolsDir, emulatorDir, log);
  if (!existsSync(launcherClassesDir(emulatorDir))) compileLauncher(emulatorDir);
  return emulatorDir;
}

function fetchJar(toolsDir: string, emulatorDir: string, log: LogSink): void {
  log("dynamodb", `fetching DynamoDB Local once with npm pack ${SIMULATOR_PACKAGE}`);
  mkdirSync(toolsDir, { recursive: true });
  const scratch = mkdtempSync(join(toolsDir, "dynamodb-pack-"));
  try {
    const tarball = execFileSync("npm", ["pack", SIMULATOR_PACKAGE, "--silent"], {
      cwd: scratch,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    execFileSync("tar", ["xzf", tarball, "package/emulator"], { cwd: scratch });
    // Another process may have unpacked it meanwhile; either copy is good.
    if (!existsSync(emulatorDir)) renameSync(join(scratch, "package", "emulator"), emulatorDir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Where the launcher compiled from the current source lives (its name holds the source's hash). */
function launcherClassesDir(emulatorDir: string): string {
  const source = readFileSync(LOOPBACK_LAUNCHER);
  const hash = createHash("sha256").update(source).digest("hex").slice(0, 12);
  return join(emulatorDir, `loopback-launcher-${hash}`);
}

/**
 * Compiles the launcher against the jar. Running it as a source program would compile it at
 * every start (5-8 s on two cores); javac is reached through `java -m jdk.compiler`, which a
 * JRE has too (the `javac` command comes only with a JDK).
 */
function compileLauncher(emulatorDir: string): void {
  const scratch = mkdtempSync(join(emulatorDir, "launcher-build-"));
  try {
    const javac = ["-m", "jdk.compiler/com.sun.tools.javac.Main"];
    const jar = join(emulatorDir, "DynamoDBLocal.jar");
    const compiled = spawnSync("java", [...javac, "-cp", jar, "-d", scratch, LOOPBACK_LAUNCHER], {
      encoding: "utf8",
    });
    if (compiled.status !== 0) {
      const detail = (compiled.stderr || compiled.error?.message || "").trim().split("\n")[0];
      throw new Error(
        `could not compile ${LOOPBACK_LAUNCHER}, which needs Java's jdk.compiler module (any JDK 17+ has it, and so do Debian's and Homebrew's JRE): ${detail}`,
      );
    }
    const target = launcherClassesDir(emulatorDir);
    // Another process may have compiled it meanwhile; either copy is good.
    if (!existsSync(target)) renameSync(scratch, target);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function startDynamoDbLocal(options: {
  emulatorDir: string;
  dataDir: string;
  port: number;
  log: LogSink;
}): Promise<ManagedProcess> {
  const dbPath = join(options.dataDir, "dynamodb");
  mkdirSync(dbPath, { recursive: true });
  const child = spawnManaged({
    name: "dynamodb",
    command: "java",
    args: [
      `-Djava.library.path=${join(options.emulatorDir, "DynamoDBLocal_lib")}`,
      // An IPv4 socket, so `ss -ltn` shows 127.0.0.1:<port> rather than its IPv6-mapped form.
      "-Djava.net.preferIPv4Stack=true",
      // The jar's manifest brings its libraries onto the classpath.
      "-cp",
      [
        join(options.emulatorDir, "DynamoDBLocal.jar"),
        launcherClassesDir(options.emulatorDir),
      ].join(delimiter),
      LAUNCHER_CLASS,
      "-sharedDb",
      "-disableTelemetry",
      "-port",
      String(options.port),
      "-dbPath",
      dbPath,
    ],
    cwd: options.emulatorDir,
    log: options.log,
  });
  await waitUntilDynamoDbAnswers(`http://127.0.0.1:${options.port}`, child);
  return child;
}

export async function waitUntilDynamoDbAnswers(endpoint: string, child?: ManagedProcess) {
  const client = localDynamoClient(endpoint);
  try {
    await waitUntilHealthy(child, `DynamoDB at ${endpoint}`, async () => {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return true;
    });
  } finally {
    client.destroy();
  }
}
