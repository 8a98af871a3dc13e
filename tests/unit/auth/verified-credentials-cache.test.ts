import { describe, expect, it } from "vitest";
import { VerifiedCredentialsCache } from "../../../lib/auth/verified-credentials-cache";

describe("VerifiedCredentialsCache", () => {
  it("remembers the hash a header was verified against until its TTL passes", () => {
    let now = 1_000;
    const cache = new VerifiedCredentialsCache(30_000, () => now);
    cache.remember("Basic abc", "scrypt$hash");
    expect(cache.verifiedHash("Basic abc")).toBe("scrypt$hash");
    expect(cache.verifiedHash("Basic abd")).toBeUndefined();
    now += 30_000;
    expect(cache.verifiedHash("Basic abc")).toBeUndefined();
  });

  it("never keeps the header itself", () => {
    const cache = new VerifiedCredentialsCache(30_000);
    cache.remember("Basic c2VjcmV0", "scrypt$hash");
    expect(
      JSON.stringify([...(cache as unknown as { entries: Map<string, unknown> }).entries]),
    ).not.toContain("c2VjcmV0");
  });

  it("with a TTL of 0 remembers nothing", () => {
    const cache = new VerifiedCredentialsCache(0);
    cache.remember("Basic abc", "scrypt$hash");
    expect(cache.verifiedHash("Basic abc")).toBeUndefined();
  });
});
