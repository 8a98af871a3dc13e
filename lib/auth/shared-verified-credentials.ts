// Which stored password hash each Authorization header was verified against, shared by every
// authorizer instance: a header one instance verified costs the others no scrypt, when they
// start or scale out. Like the in-memory cache (verified-credentials-cache.ts) it saves
// scrypt only: the authenticator still reads the user on every call and trusts an entry only
// while the user is active with that hash. redis-verified-credentials.ts is the adapter.

export interface SharedVerifiedCredentials {
  /** Whether this header's password was verified against this stored hash, and not forgotten. */
  verified(authorization: string, passwordHash: string): Promise<boolean>;
  /** Records, for `ttlSeconds`, that this header's password matches this stored hash. */
  remember(authorization: string, passwordHash: string, ttlSeconds: number): Promise<void>;
}
