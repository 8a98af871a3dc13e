// What a function's configuration must be, as a zod schema, with no side effect: lib/config.ts
// parses the function's own environment with it at cold start, and `npm start` parses the
// functions' resolved environment with it before it starts anything (local/function-checks.ts).
import { z } from "zod";

const optionalUrl = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value))
  .pipe(z.url().optional());

const ConfigSchema = z.object({
  AWS_REGION: z.string().min(1).default("us-east-1"),
  /** The DynamoDB table of the users service. */
  USERS_TABLE: z.string().min(1),
  /** Set locally to DynamoDB Local; unset in AWS. */
  DYNAMODB_ENDPOINT: optionalUrl,
  /** Set locally to serverless-offline's Lambda endpoint; unset in AWS. */
  LAMBDA_ENDPOINT: optionalUrl,
  /** Prepended to a function's key to form its Lambda name: `${service}-${stage}-`. */
  FUNCTION_NAME_PREFIX: z.string().min(1),
  REDIS_URL: z.url(),
  /** The password of Agora's Redis (requirepass), unless REDIS_URL carries one itself. */
  REDIS_PASSWORD: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === "" ? undefined : value)),
  /** Base URLs of the games-db nodes (primary and replicas, any order), comma-separated. */
  GAMES_DB_NODES: z
    .string()
    .transform((list) =>
      list
        .split(",")
        .map((url) => url.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url()).min(1)),
  /** The bearer token games-db nodes require. */
  GAMES_DB_SECRET: z.string().min(16),
  /** The key that signs list cursors (lib/http/pagination.ts). */
  CURSOR_SIGNING_KEY: z.string().min(16),
  /** Seconds the authorizer trusts credentials it has verified (≤ 60, see API.md). */
  AUTH_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(60).default(30),
});

export type Config = z.output<typeof ConfigSchema>;

export class InvalidConfiguration extends Error {
  constructor(readonly problems: { setting: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.setting}: ${p.message}`).join("; ")}`);
  }
}

/**
 * Parses a function's environment; throws InvalidConfiguration naming every bad setting.
 * `npm start` runs it on the functions' resolved environment before it starts anything.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw new InvalidConfiguration(
      result.error.issues.map((i) => ({ setting: i.path.join("."), message: i.message })),
    );
  }
  return result.data;
}
