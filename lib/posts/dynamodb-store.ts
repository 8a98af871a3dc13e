// The posts store on DynamoDB: the only code that touches PostsTable (access patterns in
// store.ts).
import { createHash } from "node:crypto";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from "@aws-sdk/lib-dynamodb";
import { isConditionFailed } from "../dynamodb/condition-failed";
import { queryNewestFirst, recencyKey } from "../dynamodb/newest-first";
import { NotYourPost, PostNotFound } from "./errors";
import type { Post, PostSummary } from "./model";
import type { PostsStore } from "./store";

/**
 * Partitions of the all-communities index. Each takes about 1,000 writes/s in DynamoDB, so
 * eight carry a busy forum's posting rate; a page costs one query per shard, in parallel.
 */
export const RECENT_SHARDS = 8;

const postKey = (id: string) => ({ pk: `POST#${id}` });

export function recentShardOf(id: string): string {
  const n = createHash("sha1").update(id).digest().readUInt32BE(0) % RECENT_SHARDS;
  return `ALL#${n}`;
}

/** The item that stores `post`, with the keys of every listing index. */
export function postItem(post: Post): Record<string, unknown> {
  return {
    ...postKey(post.id),
    ...post,
    shard: recentShardOf(post.id),
    recency: recencyKey(post.createdAt, post.id),
  };
}

const ALL_SHARDS = Array.from({ length: RECENT_SHARDS }, (_, n) => `ALL#${n}`);

const INDEXES = {
  all: { IndexName: "recent-index", partitionKey: "shard" },
  community: { IndexName: "community-index", partitionKey: "community" },
  author: { IndexName: "author-index", partitionKey: "username" },
} as const;

export function createDynamoDbPostsStore(
  db: DynamoDBDocumentClient,
  tableName: string,
): PostsStore {
  const TableName = tableName;

  const store: PostsStore = {
    async create(post) {
      await db.send(
        new PutCommand({
          TableName,
          Item: postItem(post),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },

    async get(id) {
      const { Item } = await db.send(
        new GetCommand({ TableName, Key: postKey(id), ConsistentRead: true }),
      );
      return Item ? toPost(Item) : undefined;
    },

    async delete(id, username) {
      let deleted: Record<string, unknown> | undefined;
      try {
        const { Attributes } = await db.send(
          new DeleteCommand({
            TableName,
            Key: postKey(id),
            ConditionExpression: "username = :username",
            ExpressionAttributeValues: { ":username": username },
            ReturnValues: "ALL_OLD",
          }),
        );
        deleted = Attributes;
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        // The condition fails for another author, and for a post that does not exist.
        throw (await store.get(id)) ? new NotYourPost() : new PostNotFound(id);
      }
      if (!deleted) throw new PostNotFound(id);
      return toPost(deleted);
    },

    async list(listing, limit, after) {
      const index = INDEXES[listing.kind];
      const partitions =
        listing.kind === "all"
          ? ALL_SHARDS
          : [listing.kind === "community" ? listing.community : listing.username];
      const page = await queryNewestFirst(db, {
        TableName,
        IndexName: index.IndexName,
        partitionKey: index.partitionKey,
        sortKey: "recency",
        partitions,
        limit,
        after,
      });
      return { items: page.items.map(toSummary), last: page.last };
    },
  };
  return store;
}

function toPost(item: Record<string, unknown>): Post {
  return {
    ...toSummary(item),
    text: String(item.text ?? ""),
    ...(typeof item.url === "string" ? { url: item.url } : {}),
  };
}

function toSummary(item: Record<string, unknown>): PostSummary {
  return {
    id: String(item.id),
    title: String(item.title),
    community: String(item.community),
    username: String(item.username),
    createdAt: String(item.createdAt),
  };
}
