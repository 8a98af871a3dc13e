// The authenticator with an in-memory users store and attempt counter, scrypt spied on:
// what is checked on every call, what the cache saves, and when scrypt does not run at all.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createAuthenticator } from "../../../lib/auth/authenticator";
import type { LoginAttempts } from "../../../lib/auth/login-attempts";
import type { SharedVerifiedCredentials } from "../../../lib/auth/shared-verified-credentials";
import type { User } from "../../../lib/users/model";
import { type ScryptParams, scryptHasher } from "../../../lib/users/passwords";
import type { UsersStore } from "../../../lib/users/store";
import { basicAuthorization } from "../../support/gateway";

const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);

/** "Today's" parameters here: cheap enough for unit tests (passwords.test.ts has the real ones). */
const TEST_PARAMS: ScryptParams = { N: 1024, r: 8, p: 1 };
const WEAKER_PARAMS: ScryptParams = { N: 512, r: 8, p: 1 };
const passwords = scryptHasher(TEST_PARAMS);
const scryptRuns = vi.spyOn(passwords, "verify");
const PASSWORD = "correct horse";

class MemoryUsers implements Pick<UsersStore, "get" | "rehashPassword"> {
  readonly users = new Map<string, User>();
  async get(username: string) {
    const user = this.users.get(username);
    return user && { ...user };
  }
  async rehashPassword(username: string, current: string, rehashed: string) {
    const user = this.users.get(username);
    if (user?.passwordHash !== current) return false;
    user.passwordHash = rehashed;
    return true;
  }
}

/** Counts attempts per username the way the Redis adapter does, with no window. */
class MemoryAttempts implements LoginAttempts {
  readonly counts = new Map<string, number>();
  constructor(private readonly limit: number) {}
  async admit(username: string) {
    const attempts = (this.counts.get(username) ?? 0) + 1;
    this.counts.set(username, attempts);
    return attempts <= this.limit;
  }
  async succeeded(username: string) {
    this.counts.set(username, (this.counts.get(username) ?? 1) - 1);
  }
}

let users: MemoryUsers;
let attempts: MemoryAttempts;

async function addUser(username: string, params = TEST_PARAMS): Promise<User> {
  const user: User = {
    username,
    email: `${username}@example.com`,
    passwordHash: await scryptHasher(params).hash(PASSWORD),
    karma: 0,
    active: true,
    createdAt: new Date().toISOString(),
  };
  users.users.set(username, { ...user });
  return user;
}

/** What every instance verified, as the Redis adapter keeps it, never expiring here. */
class MemoryShared implements SharedVerifiedCredentials {
  readonly entries = new Map<string, { passwordHash: string; ttlSeconds: number }>();
  async verified(authorization: string, passwordHash: string) {
    return this.entries.get(authorization)?.passwordHash === passwordHash;
  }
  async remember(authorization: string, passwordHash: string, ttlSeconds: number) {
    this.entries.set(authorization, { passwordHash, ttlSeconds });
  }
}

let shared: MemoryShared;

const header = (password = PASSWORD, username = "alice") =>
  basicAuthorization({ username, password });

function authenticator(cacheTtlSeconds = 60, loginAttempts: LoginAttempts = attempts) {
  return createAuthenticator({
    users,
    attempts: loginAttempts,
    passwords,
    cacheTtlSeconds,
    shared,
  });
}

beforeEach(() => {
  users = new MemoryUsers();
  attempts = new MemoryAttempts(3);
  shared = new MemoryShared();
  scryptRuns.mockClear();
  logged.mockClear();
});

describe("authenticate", () => {
  it("accepts the right password only, and unknown users without scrypt", async () => {
    await addUser("alice");
    const authenticate = authenticator();
    expect(await authenticate(header())).toBe("alice");
    expect(await authenticate(header("wrong password"))).toBeUndefined();
    expect(await authenticate(header(PASSWORD, "nobody"))).toBeUndefined();
    expect(await authenticate("Basic !!!")).toBeUndefined();
    expect(scryptRuns).toHaveBeenCalledTimes(2);
  });

  it("skips scrypt for a header it verified, within the TTL", async () => {
    await addUser("alice");
    const authenticate = authenticator();
    for (let i = 0; i < 3; i++) expect(await authenticate(header())).toBe("alice");
    expect(scryptRuns).toHaveBeenCalledTimes(1);
  });

  it("still reads the user on a cache hit: a deactivation refuses cached credentials at once", async () => {
    const alice = await addUser("alice");
    const authenticate = authenticator(60);
    expect(await authenticate(header())).toBe("alice");
    users.users.set("alice", { ...alice, active: false });
    expect(await authenticate(header())).toBeUndefined();
    expect(scryptRuns).toHaveBeenCalledTimes(1);
  });

  it("holds across instances: none trusts its cache over the store", async () => {
    const alice = await addUser("alice");
    const [first, second] = [authenticator(60), authenticator(60)];
    expect(await first(header())).toBe("alice");
    expect(await second(header())).toBe("alice");
    users.users.set("alice", { ...alice, active: false });
    expect(await first(header())).toBeUndefined();
    expect(await second(header())).toBeUndefined();
  });

  it("skips scrypt for a header another instance verified, and still reads the user", async () => {
    const alice = await addUser("alice");
    const [first, second] = [authenticator(60), authenticator(60)];
    expect(await first(header())).toBe("alice");
    expect(shared.entries.get(header())?.ttlSeconds).toBe(60);
    expect(await second(header())).toBe("alice");
    expect(scryptRuns).toHaveBeenCalledTimes(1);
    users.users.set("alice", { ...alice, active: false });
    expect(await authenticator(60)(header())).toBeUndefined();
  });

  it("trusts no instance's memory of a hash the user no longer has", async () => {
    const alice = await addUser("alice");
    expect(await authenticator(60)(header())).toBe("alice");
    users.users.set("alice", { ...alice, passwordHash: await passwords.hash("a new password") });
    scryptRuns.mockClear();
    expect(await authenticator(60)(header())).toBeUndefined();
    expect(scryptRuns).toHaveBeenCalledTimes(1);
  });

  it("verifies again when the stored hash changed since the header was verified", async () => {
    const alice = await addUser("alice");
    const authenticate = authenticator();
    expect(await authenticate(header())).toBe("alice");
    const changed = await passwords.hash("a new password");
    users.users.set("alice", { ...alice, passwordHash: changed });
    expect(await authenticate(header())).toBeUndefined();
    expect(await authenticate(header("a new password"))).toBe("alice");
    expect(scryptRuns).toHaveBeenCalledTimes(3);
  });

  it("checks a burst of parallel calls with one header once: one scrypt, one attempt", async () => {
    await addUser("alice");
    const authenticate = authenticator(0, new MemoryAttempts(1));
    const results = await Promise.all(Array.from({ length: 20 }, () => authenticate(header())));
    expect(results).toEqual(Array(20).fill("alice"));
    expect(scryptRuns).toHaveBeenCalledTimes(1);
  });

  it("with a TTL of 0 runs scrypt on every call", async () => {
    await addUser("alice");
    const authenticate = authenticator(0);
    for (let i = 0; i < 3; i++) expect(await authenticate(header())).toBe("alice");
    expect(scryptRuns).toHaveBeenCalledTimes(3);
    expect(shared.entries.size).toBe(0);
  });
});

describe("failed attempts", () => {
  it("past the limit refuses even the right password, without running scrypt", async () => {
    await addUser("alice");
    await addUser("bob");
    const authenticate = authenticator();
    for (let i = 0; i < 3; i++)
      expect(await authenticate(header("wrong password"))).toBeUndefined();
    expect(scryptRuns).toHaveBeenCalledTimes(3);

    expect(await authenticate(header())).toBeUndefined();
    expect(await authenticate(header("wrong again"))).toBeUndefined();
    expect(scryptRuns).toHaveBeenCalledTimes(3);
    expect(await authenticate(header(PASSWORD, "bob"))).toBe("bob");
  });

  it("counts only failures: a success takes its own attempt back", async () => {
    await addUser("alice");
    const authenticate = authenticator(0);
    for (let i = 0; i < 10; i++) expect(await authenticate(header())).toBe("alice");
    expect(attempts.counts.get("alice")).toBe(0);
  });

  it("lets a client whose credentials it already verified through a lock", async () => {
    await addUser("alice");
    const authenticate = authenticator(60);
    expect(await authenticate(header())).toBe("alice");
    for (let i = 0; i < 5; i++) await authenticate(header("wrong password"));
    expect(await authenticate(header())).toBe("alice");
  });

  it("fails open when the attempts store cannot answer: scrypt decides, and the log says so", async () => {
    await addUser("alice");
    const down: LoginAttempts = {
      admit: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6390")),
      succeeded: () => Promise.reject(new Error("should not be called")),
    };
    const authenticate = authenticator(0, down);
    for (let i = 0; i < 5; i++)
      expect(await authenticate(header("wrong password"))).toBeUndefined();
    expect(await authenticate(header())).toBe("alice");
    expect(scryptRuns).toHaveBeenCalledTimes(6);
    const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toContainEqual(
      expect.objectContaining({ level: "warn", msg: "login attempts not counted (failing open)" }),
    );
    expect(lines.map((line) => line.msg)).not.toContain(
      "successful login not taken back (failing open)",
    );
  });
});

describe("hash upgrades", () => {
  it("re-hashes a password stored with weaker parameters on a successful login", async () => {
    const alice = await addUser("alice", WEAKER_PARAMS);
    expect(passwords.needsRehash(alice.passwordHash)).toBe(true);
    const authenticate = authenticator();
    expect(await authenticate(header())).toBe("alice");
    const upgraded = users.users.get("alice")?.passwordHash ?? "";
    expect(upgraded).not.toBe(alice.passwordHash);
    expect(passwords.needsRehash(upgraded)).toBe(false);
    expect(upgraded).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await passwords.verify(PASSWORD, upgraded)).toBe(true);
    // The header was remembered against the new hash: no second scrypt.
    scryptRuns.mockClear();
    expect(await authenticate(header())).toBe("alice");
    expect(scryptRuns).not.toHaveBeenCalled();
  });

  it("keeps a hash that is already as strong as today's, and never re-hashes a failure", async () => {
    const alice = await addUser("alice");
    const authenticate = authenticator();
    expect(await authenticate(header("wrong password"))).toBeUndefined();
    expect(await authenticate(header())).toBe("alice");
    expect(users.users.get("alice")?.passwordHash).toBe(alice.passwordHash);
  });
});
