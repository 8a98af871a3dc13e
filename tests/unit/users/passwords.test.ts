import { describe, expect, it } from "vitest";
import { passwords, SCRYPT_PARAMS, scryptHasher } from "../../../lib/users/passwords";

/** The parameters every hash had before issue 6; such hashes are still stored. */
const LEGACY_PARAMS = { N: 16384, r: 8, p: 1 };

describe("passwords", () => {
  it("hash with today's parameters and verify the right password only", async () => {
    const stored = await passwords.hash("correct horse");
    expect(stored).toMatch(/^scrypt\$16384\$8\$5\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain("correct horse");
    expect(await passwords.verify("correct horse", stored)).toBe(true);
    expect(await passwords.verify("correct horsE", stored)).toBe(false);
  });

  it("salt each hash, so equal passwords hash differently", async () => {
    expect(await passwords.hash("same")).not.toBe(await passwords.hash("same"));
  });

  it("verify hashes made with older parameters, and ask for them to be re-hashed", async () => {
    const legacy = await scryptHasher(LEGACY_PARAMS).hash("correct horse");
    expect(legacy).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await passwords.verify("correct horse", legacy)).toBe(true);
    expect(await passwords.verify("wrong horse", legacy)).toBe(false);
    expect(passwords.needsRehash(legacy)).toBe(true);
    expect(passwords.needsRehash(await passwords.hash("correct horse"))).toBe(false);
  });

  it("stay within Node's default scrypt memory bound (128 * N * r bytes under 32 MiB)", () => {
    expect(128 * SCRYPT_PARAMS.N * SCRYPT_PARAMS.r).toBeLessThan(32 * 1024 * 1024);
  });

  it.each([
    ["plaintext"],
    ["scrypt$16384$8$1$c2FsdA=="],
    ["scrypt$1000$8$1$c2FsdA==$aGFzaA=="],
    ["scrypt$1048576$8$1$c2FsdA==$aGFzaA=="],
    ["scrypt$16384$x$1$c2FsdA==$aGFzaA=="],
  ])("reject a malformed or unusable stored hash %s instead of throwing", async (stored) => {
    expect(await passwords.verify("x", stored)).toBe(false);
  });
});
