// HTTP Basic authentication as the gateway's authorizer does it, in the order that keeps
// it cheap and revocable:
// 1. the user is read from the store on every call (strongly consistent), so a
//    deactivated user is refused at once by every instance, whatever is cached;
// 2. a header verified within the cache TTL against the user's current password hash is
//    accepted without scrypt: remembered by this instance, or else by any instance (the
//    shared cache, one Redis round trip);
// 3. otherwise the attempt is counted per username and, past the limit, refused without
//    scrypt; a store of attempts that cannot answer lets the attempt through (fail open:
//    a Redis outage must not lock everyone out), and says so in the log;
// 4. scrypt verifies the password; a hash made with older parameters is upgraded.
// Concurrent calls with the same header share one check: a client's burst of parallel
// requests costs one scrypt and counts as one attempt, not one per request.
import { describeError, log } from "../log";
import { isUnreachable } from "../redis/unreachable";
import type { PasswordHasher } from "../users/passwords";
import type { UsersStore } from "../users/store";
import { parseBasicAuthorization } from "./basic-credentials";
import type { LoginAttempts } from "./login-attempts";
import type { SharedVerifiedCredentials } from "./shared-verified-credentials";
import { VerifiedCredentialsCache } from "./verified-credentials-cache";

export interface AuthenticatorOptions {
  users: Pick<UsersStore, "get" | "rehashPassword">;
  attempts: LoginAttempts;
  /** Verifies passwords, and re-hashes those stored with weaker parameters than its own. */
  passwords: PasswordHasher;
  /** How long a verified header skips scrypt, here and in `shared`; 0 verifies every call. */
  cacheTtlSeconds: number;
  /** The headers every instance verified. */
  shared: SharedVerifiedCredentials;
}

/** Resolves to the username the Authorization header proves, or undefined. */
export type Authenticate = (authorization: string) => Promise<string | undefined>;

export function createAuthenticator({
  users,
  attempts,
  passwords,
  cacheTtlSeconds,
  shared,
}: AuthenticatorOptions): Authenticate {
  const verified = new VerifiedCredentialsCache(cacheTtlSeconds * 1000);
  const inFlight = new Map<string, Promise<string | undefined>>();

  return (authorization) => {
    const pending = inFlight.get(authorization);
    if (pending) return pending;
    const check = authenticateOnce(authorization).finally(() => inFlight.delete(authorization));
    inFlight.set(authorization, check);
    return check;
  };

  async function authenticateOnce(authorization: string): Promise<string | undefined> {
    const credentials = parseBasicAuthorization(authorization);
    if (!credentials) return undefined;
    const user = await users.get(credentials.username);
    if (!user?.active) return undefined;
    if (verified.verifiedHash(authorization) === user.passwordHash) return user.username;
    if (cacheTtlSeconds > 0 && (await shared.verified(authorization, user.passwordHash))) {
      verified.remember(authorization, user.passwordHash);
      return user.username;
    }

    const counted = await admit(user.username);
    if (counted === "refused") {
      log.warn("login refused: too many failed attempts", { username: user.username });
      return undefined;
    }
    if (!(await passwords.verify(credentials.password, user.passwordHash))) return undefined;
    if (counted === "counted") await takeBack(user.username);

    const passwordHash = await upgraded(user.username, credentials.password, user.passwordHash);
    verified.remember(authorization, passwordHash);
    if (cacheTtlSeconds > 0) await shared.remember(authorization, passwordHash, cacheTtlSeconds);
    return user.username;
  }

  /** "uncounted" when the attempts store could not answer: the attempt goes ahead. */
  async function admit(username: string): Promise<"counted" | "refused" | "uncounted"> {
    try {
      return (await attempts.admit(username)) ? "counted" : "refused";
    } catch (error) {
      logAttemptsStoreFailure("login attempts not counted", username, error);
      return "uncounted";
    }
  }

  async function takeBack(username: string): Promise<void> {
    await attempts.succeeded(username).catch((error: unknown) => {
      logAttemptsStoreFailure("successful login not taken back", username, error);
    });
  }

  /** The user's hash after upgrading it to today's parameters where it needs it. */
  async function upgraded(username: string, password: string, current: string): Promise<string> {
    if (!passwords.needsRehash(current)) return current;
    try {
      const rehashed = await passwords.hash(password);
      return (await users.rehashPassword(username, current, rehashed)) ? rehashed : current;
    } catch (error) {
      log.error("password hash not upgraded", { username, ...describeError(error) });
      return current;
    }
  }
}

function logAttemptsStoreFailure(msg: string, username: string, error: unknown): void {
  // Unreachable is an outage to ride out; an answer with an error is a defect to fix.
  const level = isUnreachable(error) ? "warn" : "error";
  log[level](`${msg} (failing open)`, { username, ...describeError(error) });
}
