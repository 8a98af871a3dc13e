// The secrets of a local stack, generated once per data directory and kept in one file,
// <dataDir>/secrets.json (mode 0600), so that an operator finds every one in one place and
// a restart keeps them. In AWS the same JSON object is the Secrets Manager secret
// agora/<stage> (see the README's "Deploying").
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { writePrivateFile } from "./private-file";

const secret = z.string().min(16);

const StackSecrets = z.object({
  /** The bearer token every games-db node requires (all routes but /health). */
  gamesDbSecret: secret,
  /** The password of Agora's own redis-servers (requirepass). */
  redisPassword: secret,
  /** The key that signs list cursors, so a list only accepts cursors it issued. */
  cursorSigningKey: secret,
  /** The API key GET /logs requires (x-api-key), unless AGORA_API_KEY sets another. */
  apiKey: secret,
});
export type StackSecrets = z.output<typeof StackSecrets>;

export const SECRETS_FILE = "secrets.json";

/** Reads the data directory's secrets, generating (and saving) any that are missing. */
export function loadOrCreateSecrets(dataDir: string): StackSecrets {
  const file = join(dataDir, SECRETS_FILE);
  const stored: Record<string, unknown> = existsSync(file)
    ? z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(file, "utf8")))
    : {};
  const complete = { ...stored };
  for (const name of Object.keys(StackSecrets.shape)) {
    if (!secret.safeParse(complete[name]).success) complete[name] = generate();
  }
  const secrets = StackSecrets.parse(complete);
  if (Object.keys(complete).some((name) => complete[name] !== stored[name])) {
    writePrivateFile(file, `${JSON.stringify(complete, null, 2)}\n`);
  }
  chmodSync(file, 0o600);
  return secrets;
}

function generate(): string {
  return randomBytes(24).toString("base64url");
}
