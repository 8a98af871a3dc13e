// The users store against a real DynamoDB Local of its own, without the gateway.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbUsersStore } from "../../lib/users/dynamodb-store";
import { EmailTaken, ProfileChanged, UserNotFound, UsernameTaken } from "../../lib/users/errors";
import type { User } from "../../lib/users/model";
import type { UsersStore } from "../../lib/users/store";
import { startTestDynamoDb, type TestDynamoDb } from "../support/dynamodb-local";

let dynamodb: TestDynamoDb | undefined;
let store: UsersStore;

beforeAll(async () => {
  dynamodb = await startTestDynamoDb();
  store = createDynamoDbUsersStore(dynamodb.documents, dynamodb.tableName("users"));
}, 120_000);

afterAll(() => dynamodb?.stop());

function newUser(prefix = "u"): User {
  const username = `${prefix}_${randomBytes(4).toString("hex")}`;
  return {
    username,
    email: `${username}@example.com`,
    passwordHash: "scrypt$1$1$1$salt$hash",
    karma: 0,
    active: true,
    createdAt: new Date().toISOString(),
  };
}

describe("create and get", () => {
  it("stores a user and reads it back", async () => {
    const user = newUser();
    await store.create(user);
    expect(await store.get(user.username)).toEqual(user);
    expect(await store.get("nobody_here")).toBeUndefined();
  });

  it("refuses a taken username or email and writes nothing for the loser", async () => {
    const user = newUser();
    await store.create(user);
    await expect(store.create({ ...newUser(), username: user.username })).rejects.toThrow(
      UsernameTaken,
    );
    const rival = newUser();
    await expect(store.create({ ...rival, email: user.email })).rejects.toThrow(EmailTaken);
    expect(await store.get(rival.username)).toBeUndefined();
  });

  it("lets exactly one of many racing registrations take a username", async () => {
    const username = newUser().username;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        store.create({ ...newUser(), username, email: `racer${i}_${username}@example.com` }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o.status === "rejected")) {
      expect(outcome.reason).toBeInstanceOf(UsernameTaken);
    }
  });
});

describe("listByPrefix", () => {
  it("lists active users by prefix in username order, page by page, without the deactivated", async () => {
    const prefix = `p${randomBytes(3).toString("hex")}`;
    const users = Array.from({ length: 5 }, (_, i) => ({
      ...newUser(),
      username: `${prefix}_${i}`,
      email: `${prefix}_${i}@example.com`,
    }));
    for (const user of users) await store.create(user);
    await store.deactivate(`${prefix}_2`);

    const first = await store.listByPrefix(prefix, 2);
    expect(first.items.map((u) => u.username)).toEqual([`${prefix}_0`, `${prefix}_1`]);
    const rest = await store.listByPrefix(prefix, 10, first.last);
    expect(rest.items.map((u) => u.username)).toEqual([`${prefix}_3`, `${prefix}_4`]);
    expect(rest.last).toBeUndefined();
  });
});

describe("changeEmail", () => {
  it("moves the email claim: the old address is free, the new one taken", async () => {
    const user = newUser();
    await store.create(user);
    const changed = await store.changeEmail(user, `new_${user.email}`);
    expect(changed.email).toBe(`new_${user.email}`);
    await store.create({ ...newUser(), email: user.email });
    await expect(store.create({ ...newUser(), email: changed.email })).rejects.toThrow(EmailTaken);
  });

  it("refuses a stale profile with ProfileChanged", async () => {
    const user = newUser();
    await store.create(user);
    await store.changeEmail(user, `first_${user.email}`);
    await expect(store.changeEmail(user, `second_${user.email}`)).rejects.toThrow(ProfileChanged);
  });
});

describe("adjustKarma", () => {
  it("adds and subtracts, and refuses an unknown user with UserNotFound", async () => {
    const user = newUser();
    await store.create(user);
    expect(await store.adjustKarma(user.username, 5)).toBe(5);
    expect(await store.adjustKarma(user.username, -7)).toBe(-2);
    await expect(store.adjustKarma("nobody_here", 1)).rejects.toThrow(UserNotFound);
  });

  it("applies a change once per idempotency key, however often it is delivered", async () => {
    const user = newUser();
    await store.create(user);
    const deliveries = ["k1", "k2", "k1", "k3", "k2", "k1"].map((key) =>
      store.adjustKarma(user.username, key === "k3" ? -1 : 2, `vote:${user.username}:${key}`),
    );
    await Promise.all(deliveries);
    expect((await store.get(user.username))?.karma).toBe(3);
    await expect(store.adjustKarma("nobody_here", 1, "vote:x:1")).rejects.toThrow(UserNotFound);
  });
});
