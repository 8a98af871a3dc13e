// Password hashing with scrypt (node:crypto), a random salt per user and a
// constant-time comparison. The stored form names its parameters, so hashes made with
// older parameters keep verifying and can be upgraded when their owner next logs in.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export interface PasswordHasher {
  /** Returns `scrypt$N$r$p$<salt b64>$<hash b64>`. */
  hash(password: string): Promise<string>;
  /** Checks a password against a stored hash, whatever parameters made it. */
  verify(password: string, stored: string): Promise<boolean>;
  /** Whether a stored hash was made with less work than this hasher's parameters. */
  needsRehash(stored: string): boolean;
}

/**
 * OWASP's scrypt guidance (N=2^17, r=8, p=1, or an equal-cost variant) as N=2^14, p=5: about
 * the same CPU as 2^17 in 16 MiB, under Node's 32 MiB `maxmem` default. scrypt runs on
 * libuv's threadpool (4 threads), so however many logins wait, at most 64 MiB is in use.
 * The README's "Passwords" has the measured cost.
 */
export const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 14, r: 8, p: 5 };

/** Stored hashes asking for more memory than this are refused rather than computed. */
const MAX_MEMORY_BYTES = 32 * 1024 * 1024;
const KEY_BYTES = 32;

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: ScryptParams & { maxmem: number },
) => Promise<Buffer>;

/** scrypt's work, to which its CPU time is proportional. */
const cost = ({ N, r, p }: ScryptParams) => N * r * p;

export function scryptHasher(params: ScryptParams): PasswordHasher {
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const hash = await scryptAsync(password, salt, KEY_BYTES, {
        ...params,
        maxmem: MAX_MEMORY_BYTES,
      });
      const { N, r, p } = params;
      return ["scrypt", N, r, p, salt.toString("base64"), hash.toString("base64")].join("$");
    },

    async verify(password, stored) {
      const parsed = parseStoredHash(stored);
      if (!parsed) return false;
      try {
        const actual = await scryptAsync(password, parsed.salt, parsed.hash.length, {
          ...parsed.params,
          maxmem: MAX_MEMORY_BYTES,
        });
        return timingSafeEqual(actual, parsed.hash);
      } catch {
        // Parameters scrypt refuses (N not a power of two, over the memory bound).
        return false;
      }
    },

    needsRehash(stored) {
      const parsed = parseStoredHash(stored);
      return parsed === undefined || cost(parsed.params) < cost(params);
    },
  };
}

/** The hasher every new password gets. */
export const passwords: PasswordHasher = scryptHasher(SCRYPT_PARAMS);

function parseStoredHash(
  stored: string,
): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const [scheme, N, r, p, salt, hash, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || !N || !r || !p || !salt || !hash || rest.length > 0) return undefined;
  const params = { N: Number(N), r: Number(r), p: Number(p) };
  if (!Object.values(params).every((n) => Number.isSafeInteger(n) && n > 0)) return undefined;
  return { params, salt: Buffer.from(salt, "base64"), hash: Buffer.from(hash, "base64") };
}
