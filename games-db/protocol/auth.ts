// How callers prove they may use a node: every route but GET /health requires the nodes' shared
// secret as a bearer token (`Authorization: Bearer <secret>`), replicas' replication requests included.
import * as z from "zod";

/** The environment variable a node reads its secret from (never a flag: `ps` would show it). */
export const SECRET_ENV = "GAMES_DB_SECRET";

export const nodeSecretSchema = z
  .string({ error: `the nodes' shared secret is required (${SECRET_ENV})` })
  .min(16, "the nodes' shared secret must be at least 16 characters");

/** The realm of the `WWW-Authenticate` header a 401 carries. */
export const AUTH_REALM = "games-db";

/** The request headers that present `secret` to a node. */
export function authorizationHeaders(secret: string): { authorization: string } {
  return { authorization: `Bearer ${secret}` };
}
