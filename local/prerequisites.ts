// Checks for the programs the local stack runs from the system, so a missing one ends
// the start with one line saying how to get it instead of a stack trace.
import { spawnSync } from "node:child_process";

const HOW_TO_GET = {
  java: "install a Java runtime, 17 or newer: `apt-get install openjdk-17-jre-headless`, `brew install openjdk@17`, or run DynamoDB in Docker (docker-compose.local.yml) and set AGORA_DYNAMODB_ENDPOINT",
  "redis-server":
    "install Redis: `apt-get install redis-server`, `brew install redis`, or run it in Docker (docker-compose.local.yml) and set AGORA_REDIS_URL",
} as const;

export function requireProgram(program: keyof typeof HOW_TO_GET, versionFlag: string): void {
  const result = spawnSync(program, [versionFlag], { stdio: "ignore" });
  if (result.error || result.status !== 0) {
    throw new Error(`${program} was not found: ${HOW_TO_GET[program]}`);
  }
}
