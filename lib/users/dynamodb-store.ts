// The users store on DynamoDB: the only code that touches UsersTable.
//
// Access patterns, and the items that serve them (one table, key `pk`):
// - a user by username             USER#<username>  the profile and password hash, read
//                                                    strongly consistent (the authorizer
//                                                    checks it on every call)
// - is this email taken?           EMAIL#<email>    a claim naming its owner
// - active users by username prefix, in order: the sparse GSI `directory-index`
//   (directory = "users", sort key username), keys only, so karma updates never
//   write to the index; deactivation removes `directory` and the user leaves it.
// - has this karma change been applied? KARMA#<idempotency key>, written in the same
//                                    transaction as the change, expiring (TTL attribute
//                                    `expiresAt`) after KARMA_KEY_TTL_SECONDS
// Username and email are claimed in one transaction, so no two registrations can
// ever hold the same one.

import { setTimeout as sleep } from "node:timers/promises";
import {
  TransactionCanceledException as TransactionCanceled,
  type TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { isConditionFailed } from "../dynamodb/condition-failed";
import { log } from "../log";
import { EmailTaken, ProfileChanged, UserNotFound, UsernameTaken } from "./errors";
import type { User } from "./model";
import { directoryPosition, type UsersStore } from "./store";

const DIRECTORY = "users";
const DIRECTORY_INDEX = "directory-index";

const userKey = (username: string) => ({ pk: `USER#${username}` });
const emailKey = (email: string) => ({ pk: `EMAIL#${email}` });
const karmaChangeKey = (key: string) => ({ pk: `KARMA#${key}` });

/** How long an applied karma change's key is remembered: far longer than any redelivery. */
export const KARMA_KEY_TTL_SECONDS = 7 * 24 * 3600;

export function createDynamoDbUsersStore(
  db: DynamoDBDocumentClient,
  tableName: string,
): UsersStore {
  const TableName = tableName;

  return {
    async create(user) {
      const [usernameTaken, emailTaken] = await transactWithClaims([
        {
          Put: {
            TableName,
            Item: { ...userKey(user.username), type: "user", directory: DIRECTORY, ...user },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Put: {
            TableName,
            Item: { ...emailKey(user.email), type: "email", username: user.username },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      ]);
      if (usernameTaken) throw new UsernameTaken(user.username);
      if (emailTaken) throw new EmailTaken();
    },

    async get(username) {
      const { Item } = await db.send(
        new GetCommand({ TableName, Key: userKey(username), ConsistentRead: true }),
      );
      return Item ? toUser(Item) : undefined;
    },

    async listByPrefix(prefix, limit, after) {
      const page = await db.send(
        new QueryCommand({
          TableName,
          IndexName: DIRECTORY_INDEX,
          KeyConditionExpression:
            prefix === ""
              ? "directory = :directory"
              : "directory = :directory AND begins_with(username, :prefix)",
          ExpressionAttributeValues: {
            ":directory": DIRECTORY,
            ...(prefix === "" ? {} : { ":prefix": prefix }),
          },
          Limit: limit,
          ExclusiveStartKey: after,
        }),
      );
      const usernames = (page.Items ?? []).map((item) => String(item.username));
      const users = await getMany(usernames);
      const items = usernames.flatMap((name) => {
        const user = users.get(name);
        return user?.active ? [{ username: user.username, karma: user.karma }] : [];
      });
      const last = page.LastEvaluatedKey
        ? directoryPosition.parse(page.LastEvaluatedKey)
        : undefined;
      return { items, last };
    },

    async changeEmail(user, email) {
      if (email === user.email) return user;
      const [, emailTaken, userChanged] = await transactWithClaims([
        {
          Delete: {
            TableName,
            Key: emailKey(user.email),
            ConditionExpression: "username = :username",
            ExpressionAttributeValues: { ":username": user.username },
          },
        },
        {
          Put: {
            TableName,
            Item: { ...emailKey(email), type: "email", username: user.username },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Update: {
            TableName,
            Key: userKey(user.username),
            UpdateExpression: "SET email = :email",
            ConditionExpression: "email = :old AND active = :true",
            ExpressionAttributeValues: { ":email": email, ":old": user.email, ":true": true },
          },
        },
      ]);
      if (emailTaken) throw new EmailTaken();
      if (userChanged) throw new ProfileChanged();
      return { ...user, email };
    },

    async deactivate(username) {
      await db.send(
        new UpdateCommand({
          TableName,
          Key: userKey(username),
          UpdateExpression: "SET active = :false REMOVE directory",
          ExpressionAttributeValues: { ":false": false },
        }),
      );
    },

    async rehashPassword(username, current, rehashed) {
      try {
        await db.send(
          new UpdateCommand({
            TableName,
            Key: userKey(username),
            UpdateExpression: "SET passwordHash = :rehashed",
            ConditionExpression: "passwordHash = :current",
            ExpressionAttributeValues: { ":current": current, ":rehashed": rehashed },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailed(error)) return false;
        throw error;
      }
    },

    async adjustKarma(username, delta, idempotencyKey) {
      if (idempotencyKey !== undefined) {
        const expiresAt = Math.floor(Date.now() / 1000) + KARMA_KEY_TTL_SECONDS;
        const [alreadyApplied, missing] = await transactWithClaims([
          {
            Put: {
              TableName,
              Item: { ...karmaChangeKey(idempotencyKey), type: "karma", username, expiresAt },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Update: {
              TableName,
              Key: userKey(username),
              UpdateExpression: "ADD karma :delta",
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeValues: { ":delta": delta },
            },
          },
        ]);
        if (missing) throw new UserNotFound(username);
        const user = await this.get(username);
        if (!user) throw new UserNotFound(username);
        if (alreadyApplied) log.info("karma change already applied", { username, idempotencyKey });
        return user.karma;
      }
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName,
            Key: userKey(username),
            UpdateExpression: "ADD karma :delta",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":delta": delta },
            ReturnValues: "UPDATED_NEW",
          }),
        );
        return Number(Attributes?.karma ?? 0);
      } catch (error) {
        if (isConditionFailed(error)) throw new UserNotFound(username);
        throw error;
      }
    },
  };

  /**
   * Runs a transaction whose conditions guard uniqueness claims and returns, for each
   * item, whether its condition failed. Transactions that merely collided with another
   * one in flight (TransactionConflict) are retried, so a race resolves into a clean
   * winner and a clean conflict.
   */
  async function transactWithClaims(
    items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>,
  ): Promise<boolean[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        await db.send(new TransactWriteCommand({ TransactItems: items }));
        return items.map(() => false);
      } catch (error) {
        if (!(error instanceof TransactionCanceled)) throw error;
        const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
        const collided = reasons.some((reason) => reason.Code === "TransactionConflict");
        if (collided && attempt < 5) {
          await sleep(10 * attempt + Math.random() * 20);
          continue;
        }
        if (collided) throw error;
        return items.map((_, i) => reasons[i]?.Code === "ConditionalCheckFailed");
      }
    }
  }

  async function getMany(usernames: string[]): Promise<Map<string, User>> {
    const found = new Map<string, User>();
    let keys = usernames.map(userKey);
    while (keys.length > 0) {
      const result = await db.send(
        new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys } } }),
      );
      for (const item of result.Responses?.[TableName] ?? []) {
        const user = toUser(item);
        found.set(user.username, user);
      }
      keys = (result.UnprocessedKeys?.[TableName]?.Keys ?? []) as typeof keys;
    }
    return found;
  }
}

function toUser(item: Record<string, unknown>): User {
  return {
    username: String(item.username),
    email: String(item.email),
    passwordHash: String(item.passwordHash),
    karma: Number(item.karma ?? 0),
    active: item.active !== false,
    createdAt: String(item.createdAt),
  };
}
