// A short-lived memory of Authorization headers the authorizer has verified, and the stored
// password hash each was verified against, so a busy client does not pay for scrypt on
// every request. It saves only scrypt: the authorizer still reads the user on every call
// and trusts an entry only while the user is active and still has that hash, so a
// deactivation (or a new password) takes effect at once. Keys are SHA-256 digests of the
// header, never the header itself; only successes are remembered.
import { createHash } from "node:crypto";

const MAX_ENTRIES = 10_000;

export class VerifiedCredentialsCache {
  private readonly entries = new Map<string, { passwordHash: string; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The stored hash this header's password was verified against within the TTL, if any. */
  verifiedHash(authorization: string): string | undefined {
    const key = digest(authorization);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.passwordHash;
  }

  remember(authorization: string, passwordHash: string): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(digest(authorization), { passwordHash, expiresAt: this.now() + this.ttlMs });
  }
}

function digest(authorization: string): string {
  return createHash("sha256").update(authorization).digest("base64");
}
