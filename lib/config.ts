// Configuration, parsed once at module load with zod: a missing or malformed setting
// fails the cold start with a message naming it, never a later request.
import * as z from "zod";

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

function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration: ${problems.join("; ")}`);
  }
  return result.data;
}

export const config: Config = loadConfig(process.env);
