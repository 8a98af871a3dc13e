// What a function's configuration must be, as a zod schema, with no side effect: lib/config.ts
// parses the function's own environment with it at cold start, and `npm start` parses the
// functions' resolved environment with it before it starts anything (local/function-checks.ts).
import * as z from "zod";

const blankAsUnset = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

const optionalUrl = blankAsUnset.pipe(z.url().optional());

/** Comma-separated URLs, at least one. */
const urlList = z
  .string()
  .transform((list) =>
    list
      .split(",")
      .map((url) => url.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url()).min(1));

const ConfigSchema = z.object({
  AWS_REGION: z.string().min(1).default("us-east-1"),
  /** The DynamoDB table of the users service. */
  USERS_TABLE: z.string().min(1),
  /** The DynamoDB table of the posts service. */
  POSTS_TABLE: z.string().min(1),
  /** The DynamoDB table of the messages service. */
  MESSAGES_TABLE: z.string().min(1),
  /** The DynamoDB table of the microblog (tweets, their word and hashtag indexes). */
  TWEETS_TABLE: z.string().min(1),
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
  GAMES_DB_NODES: urlList,
  /** The bearer token games-db nodes require. */
  GAMES_DB_SECRET: z.string().min(16),
  /**
   * The ratings store's shards, one Redis URL each, comma-separated; their order numbers
   * them (shard 0 first). They require REDIS_PASSWORD, unless a URL carries its own.
   */
  RATINGS_SHARD_URLS: urlList,
  /**
   * The ratings store's gossip channels in AWS, one SQS queue URL per shard, comma-separated,
   * in shard order; unset (locally), the channels are Redis lists on REDIS_URL. The ratings
   * functions check that it names as many queues as RATINGS_SHARD_URLS names shards.
   */
  RATINGS_GOSSIP_QUEUE_URLS: blankAsUnset.pipe(urlList.optional()),
  /** Entries a shard's digest holds before it is sent on the gossip queue. */
  RATINGS_DIGEST_LENGTH: z.coerce.number().int().min(1).max(10_000).default(2),
  /**
   * Seconds between anti-entropy passes (ratings-drainGossip), which also is the age at which
   * a digest is sent whatever its length; 0 turns the scheduled passes off.
   */
  RATINGS_ANTI_ENTROPY_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  /** The key that signs list cursors (lib/http/pagination.ts). */
  CURSOR_SIGNING_KEY: z.string().min(16),
  /**
   * Seconds the authorizer skips scrypt for credentials it has verified, and API Gateway
   * caches its answer (serverless.yml gives both the same param; ≤ 60, see API.md; 0: off).
   */
  AUTH_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(60).default(30),
  /** The request log keeps about this many of the latest calls (GET /logs). */
  REQUEST_LOG_MAX_ENTRIES: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
  /** Seconds the microblog's response cache keeps a GET's answer; 0 turns it off. */
  RESPONSE_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Seconds the microblog's store cache keeps a tweet read from the table; 0 turns it off. */
  STORE_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Failed password attempts a username may make per window before it is locked. */
  LOGIN_ATTEMPTS_LIMIT: z.coerce.number().int().min(1).max(1000).default(10),
  /** The window, in seconds, counted from its first failed attempt; the lock ends with it. */
  LOGIN_ATTEMPTS_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * The REST API and stage whose authorizer cache a deactivation flushes; unset where the
   * gateway keeps no cache (serverless-offline).
   */
  API_GATEWAY_REST_API_ID: blankAsUnset,
  API_GATEWAY_STAGE: blankAsUnset,
  /** Set locally to an emulated gateway's management endpoint; unset in AWS. */
  API_GATEWAY_ENDPOINT: optionalUrl,
});

/** Settings that only make sense together. */
const CheckedConfigSchema = ConfigSchema.refine(
  (c) => c.API_GATEWAY_REST_API_ID === undefined || c.API_GATEWAY_STAGE !== undefined,
  { path: ["API_GATEWAY_STAGE"], message: "is required with API_GATEWAY_REST_API_ID" },
).refine((c) => c.API_GATEWAY_ENDPOINT === undefined || c.API_GATEWAY_REST_API_ID !== undefined, {
  path: ["API_GATEWAY_REST_API_ID"],
  message: "is required with API_GATEWAY_ENDPOINT",
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
  const result = CheckedConfigSchema.safeParse(env);
  if (!result.success) {
    throw new InvalidConfiguration(
      result.error.issues.map((i) => ({ setting: i.path.join("."), message: i.message })),
    );
  }
  return result.data;
}
