// A short-lived memory of Authorization headers the authorizer has verified, so a
// busy client does not pay for scrypt on every request. Keys are SHA-256 digests of
// the header, never the header itself; only successes are remembered.
import { createHash } from "node:crypto";

const MAX_ENTRIES = 10_000;

export class VerifiedCredentialsCache {
  private readonly entries = new Map<string, { username: string; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The username verified for this header, if it was verified within the TTL. */
  lookup(authorization: string): string | undefined {
    const key = digest(authorization);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.username;
  }

  remember(authorization: string, username: string): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(digest(authorization), { username, expiresAt: this.now() + this.ttlMs });
  }
}

function digest(authorization: string): string {
  return createHash("sha256").update(authorization).digest("base64");
}
