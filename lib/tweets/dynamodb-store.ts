// The tweets store on DynamoDB: the only code that touches TweetsTable.
//
// Access patterns, and the items that serve them (one table, key pk + sk):
// - a tweet by id                  TWEET#<id> / TWEET: the tweet, its like count and the
//                                  number of the last like batch written into it
// - all tweets, newest first       GSI recent-index: the tweet item, keyed by recencyShard
//                                  RECENT#<0..7> (from a hash of the id) and recency
//                                  <createdAt>#<id>. New tweets spread over 8 partitions,
//                                  so no single partition takes every write; a page reads
//                                  the 8 shards' newest entries and merges them.
// - one user's tweets, newest first  GSI user-index: username + recency.
// - tweets holding a word          WORD#<word> / <recency>: one entry per distinct word
// - tweets tagged #tag, newest first  TAG#<tag> / <recency>: one entry per distinct tag
// - hashtags by prefix, with counts  TAGCOUNT#<tag> / COUNT holds the number of tweets
//                                  tagged, and GSI tag-index (tagGroup TAGS#<first
//                                  character>, tag) finds tags by prefix in tag order.
// Words and tags are normalized (lib/tweets/text.ts). A write changes the tweet item first,
// conditionally, then adds the entries it gained and deletes those it lost, so edits and
// deletes keep the indexes exact. Listings through an index still check each entry against
// its tweet, so an entry whose index update is in flight never shows a wrong tweet.

import { createHash } from "node:crypto";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { TweetChanged } from "./errors";
import type { Tweet } from "./model";
import type { HashtagCount, Page, RecencyPosition, TweetsStore } from "./store";
import { hashtagsOf, wordsOf } from "./text";

export const RECENCY_SHARDS = 8;
const RECENT_INDEX = "recent-index";
const USER_INDEX = "user-index";
const TAG_INDEX = "tag-index";
/** Index pages a word or tag listing reads before it answers with what it found. */
const MAX_INDEX_PAGES = 5;

const tweetKey = (id: string) => ({ pk: `TWEET#${id}`, sk: "TWEET" });
const recencyOf = (tweet: Pick<Tweet, "createdAt" | "id">) => `${tweet.createdAt}#${tweet.id}`;
const wordKey = (word: string) => `WORD#${word}`;
const tagKey = (tag: string) => `TAG#${tag}`;
const tagCountKey = (tag: string) => ({ pk: `TAGCOUNT#${tag}`, sk: "COUNT" });
const tagGroup = (tag: string) => `TAGS#${[...tag][0] ?? ""}`;

function shardOf(id: string): string {
  const n = createHash("sha1").update(id).digest().readUInt32BE(0) % RECENCY_SHARDS;
  return `RECENT#${n}`;
}

/** The index entries (pk of WORD#/TAG# partitions) a tweet's text needs. */
function entryPartitions(text: string): Set<string> {
  return new Set([...wordsOf(text).map(wordKey), ...hashtagsOf(text).map(tagKey)]);
}

export function createDynamoDbTweetsStore(
  db: DynamoDBDocumentClient,
  tableName: string,
): TweetsStore {
  const TableName = tableName;

  return {
    async create(tweet) {
      await db.send(
        new PutCommand({
          TableName,
          Item: tweetItem(tweet),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      await changeEntries(tweet, new Set(), entryPartitions(tweet.text));
      await countTags([], tweet.hashtags);
    },

    async get(id) {
      const { Item } = await db.send(new GetCommand({ TableName, Key: tweetKey(id) }));
      return Item ? toTweet(Item) : undefined;
    },

    async update(before, after) {
      let stored: Tweet;
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName,
            Key: tweetKey(before.id),
            UpdateExpression:
              "SET #text = :text, hashtags = :hashtags, editedAt = :editedAt, version = :next",
            ConditionExpression: "version = :version",
            ExpressionAttributeNames: { "#text": "text" },
            ExpressionAttributeValues: {
              ":text": after.text,
              ":hashtags": after.hashtags,
              ":editedAt": after.editedAt,
              ":next": after.version,
              ":version": before.version,
            },
            ReturnValues: "ALL_NEW",
          }),
        );
        stored = toTweet(Attributes ?? {});
      } catch (error) {
        if (isConditionFailed(error)) throw new TweetChanged(before.id);
        throw error;
      }
      await changeEntries(before, entryPartitions(before.text), entryPartitions(after.text));
      await countTags(before.hashtags, after.hashtags);
      return stored;
    },

    async delete(tweet) {
      try {
        await db.send(
          new DeleteCommand({
            TableName,
            Key: tweetKey(tweet.id),
            ConditionExpression: "version = :version",
            ExpressionAttributeValues: { ":version": tweet.version },
          }),
        );
      } catch (error) {
        if (isConditionFailed(error)) throw new TweetChanged(tweet.id);
        throw error;
      }
      await changeEntries(tweet, entryPartitions(tweet.text), new Set());
      await countTags(tweet.hashtags, []);
    },

    async listRecent(limit, after) {
      const shards = Array.from({ length: RECENCY_SHARDS }, (_, n) => `RECENT#${n}`);
      const pages = await Promise.all(
        shards.map((shard) =>
          queryAll({
            IndexName: RECENT_INDEX,
            KeyConditionExpression: after
              ? "recencyShard = :key AND recency < :before"
              : "recencyShard = :key",
            ExpressionAttributeValues: {
              ":key": shard,
              ...(after ? { ":before": after.before } : {}),
            },
            Limit: limit,
          }),
        ),
      );
      const merged = pages
        .flatMap((page) => page.items)
        .map(toTweet)
        .sort((a, b) => (recencyOf(a) < recencyOf(b) ? 1 : -1));
      const items = merged.slice(0, limit);
      const more = merged.length > limit || pages.some((page) => page.more);
      return pageOf(items, more);
    },

    async listByUser(username, limit, after) {
      const page = await queryAll({
        IndexName: USER_INDEX,
        KeyConditionExpression: after ? "username = :key AND recency < :before" : "username = :key",
        ExpressionAttributeValues: {
          ":key": username,
          ...(after ? { ":before": after.before } : {}),
        },
        Limit: limit,
      });
      return pageOf(page.items.map(toTweet), page.more);
    },

    async search(words, limit, after) {
      const rarest = await rarestWordPage(words, limit, after);
      if (rarest === undefined) return { items: [] };
      return listIndexed(
        wordKey(rarest.word),
        limit,
        after,
        (tweet) => {
          const held = new Set(wordsOf(tweet.text));
          return words.every((word) => held.has(word));
        },
        rarest.page,
      );
    },

    async listByHashtag(tag, limit, after) {
      return listIndexed(tagKey(tag), limit, after, (tweet) => tweet.hashtags.includes(tag));
    },

    async hashtagsByPrefix(prefix, limit) {
      const found: HashtagCount[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName,
            IndexName: TAG_INDEX,
            KeyConditionExpression: "tagGroup = :group AND begins_with(tag, :prefix)",
            FilterExpression: "#count > :zero",
            ExpressionAttributeNames: { "#count": "count" },
            ExpressionAttributeValues: {
              ":group": tagGroup(prefix),
              ":prefix": prefix,
              ":zero": 0,
            },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          found.push({ tag: String(item.tag), count: Number(item.count) });
        }
        start = page.LastEvaluatedKey;
      } while (start && found.length < limit);
      return found.slice(0, limit);
    },

    async addLikes(id, count, batch) {
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName,
            Key: tweetKey(id),
            UpdateExpression: "ADD likes :count SET lastBatch = :batch",
            ConditionExpression:
              "attribute_exists(pk) AND (attribute_not_exists(lastBatch) OR lastBatch < :batch)",
            ExpressionAttributeValues: { ":count": count, ":batch": batch },
            ReturnValues: "ALL_NEW",
          }),
        );
        return { applied: true, tweet: toTweet(Attributes ?? {}) };
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        const { Item } = await db.send(
          new GetCommand({ TableName, Key: tweetKey(id), ConsistentRead: true }),
        );
        return { applied: false, tweet: Item ? toTweet(Item) : undefined };
      }
    },
  };

  /** Puts the entries in `after` but not `before`, then deletes those only in `before`. */
  async function changeEntries(tweet: Tweet, before: Set<string>, after: Set<string>) {
    const sk = recencyOf(tweet);
    const puts = [...after]
      .filter((pk) => !before.has(pk))
      .map((pk) => ({ PutRequest: { Item: { pk, sk, tweetId: tweet.id } } }));
    const deletes = [...before]
      .filter((pk) => !after.has(pk))
      .map((pk) => ({ DeleteRequest: { Key: { pk, sk } } }));
    await batchWrite(puts);
    await batchWrite(deletes);
  }

  async function batchWrite(
    requests: { PutRequest?: { Item: object }; DeleteRequest?: { Key: object } }[],
  ) {
    for (let i = 0; i < requests.length; i += 25) {
      let pending: typeof requests = requests.slice(i, i + 25);
      while (pending.length > 0) {
        const result = await db.send(
          new BatchWriteCommand({ RequestItems: { [TableName]: pending } }),
        );
        pending = (result.UnprocessedItems?.[TableName] ?? []) as typeof requests;
      }
    }
  }

  /** Adds one to the count of each tag gained and takes one from each tag lost. */
  async function countTags(before: string[], after: string[]) {
    const changes = [
      ...after.filter((tag) => !before.includes(tag)).map((tag) => ({ tag, delta: 1 })),
      ...before.filter((tag) => !after.includes(tag)).map((tag) => ({ tag, delta: -1 })),
    ];
    await Promise.all(
      changes.map(({ tag, delta }) =>
        db.send(
          new UpdateCommand({
            TableName,
            Key: tagCountKey(tag),
            UpdateExpression: "ADD #count :delta SET tag = :tag, tagGroup = :group",
            ExpressionAttributeNames: { "#count": "count" },
            ExpressionAttributeValues: { ":delta": delta, ":tag": tag, ":group": tagGroup(tag) },
          }),
        ),
      ),
    );
  }

  /**
   * The rarest of the words searched for, with its first page of entries: the entries to
   * check are those of the rarest word, as every tweet found must hold it. The first pages
   * of all the words are read at once, and the rarest is the one whose page ends the index
   * or, when every page is full, reaches furthest back in time. ("brewing oolong" drives on
   * "oolong" even where every tweet says "brewing": a page or two, not MAX_INDEX_PAGES.)
   */
  async function rarestWordPage(
    words: string[],
    limit: number,
    after: RecencyPosition | undefined,
  ): Promise<{ word: string; page: IndexPage } | undefined> {
    const pages = await Promise.all(
      [...new Set(words)].map(async (word) => ({
        word,
        page: await indexPage(wordKey(word), limit, after?.before),
      })),
    );
    return pages.sort((a, b) => rarerFirst(a.page, b.page))[0];
  }

  /** A page of the WORD#/TAG# entries of `pk` older than `before`, newest first. */
  function indexPage(pk: string, limit: number, before: string | undefined) {
    return queryAll({
      KeyConditionExpression: before ? "pk = :pk AND sk < :before" : "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk, ...(before ? { ":before": before } : {}) },
      Limit: Math.max(limit, 25),
    });
  }

  /** One query's items, newest first, and whether the index holds more after them. */
  async function queryAll(input: Omit<QueryCommandInput, "TableName">): Promise<IndexPage> {
    const page = await db.send(new QueryCommand({ TableName, ScanIndexForward: false, ...input }));
    return { items: page.Items ?? [], more: page.LastEvaluatedKey !== undefined };
  }

  /**
   * Tweets found through the WORD#/TAG# entries of `pk`, newest first, that `keep` accepts
   * (the tweet as it is now, not as it was indexed). Reads at most MAX_INDEX_PAGES pages of
   * entries; when it stops early, the position lets the next page go on from there.
   */
  async function listIndexed(
    pk: string,
    limit: number,
    after: RecencyPosition | undefined,
    keep: (tweet: Tweet) => boolean,
    firstPage?: IndexPage,
  ): Promise<Page<Tweet>> {
    const items: Tweet[] = [];
    let before = after?.before;
    for (let pages = 0; pages < MAX_INDEX_PAGES; pages++) {
      const page = pages === 0 && firstPage ? firstPage : await indexPage(pk, limit, before);
      const tweets = await getMany(page.items.map((entry) => String(entry.tweetId)));
      for (const entry of page.items) {
        before = String(entry.sk);
        const tweet = tweets.get(String(entry.tweetId));
        if (tweet && recencyOf(tweet) === before && keep(tweet)) items.push(tweet);
        if (items.length === limit) {
          const more = page.more || entry !== page.items.at(-1);
          return { items, last: more ? { before } : undefined };
        }
      }
      if (!page.more) return { items };
    }
    return { items, last: before ? { before } : undefined };
  }

  async function getMany(ids: string[]): Promise<Map<string, Tweet>> {
    const found = new Map<string, Tweet>();
    let keys = [...new Set(ids)].map(tweetKey);
    while (keys.length > 0) {
      const chunk = keys.slice(0, 100);
      const result = await db.send(
        new BatchGetCommand({ RequestItems: { [TableName]: { Keys: chunk } } }),
      );
      for (const item of result.Responses?.[TableName] ?? []) {
        const tweet = toTweet(item);
        found.set(tweet.id, tweet);
      }
      keys = [
        ...keys.slice(100),
        ...((result.UnprocessedKeys?.[TableName]?.Keys ?? []) as typeof keys),
      ];
    }
    return found;
  }
}

/** A page of index entries, newest first, and whether the index holds more after them. */
interface IndexPage {
  items: Record<string, unknown>[];
  more: boolean;
}

/** Orders first the page of the rarer word (or tag): the one with fewer entries to read. */
function rarerFirst(a: IndexPage, b: IndexPage): number {
  // A page that ends its index holds all there is: fewer than any full page.
  if (a.more !== b.more) return a.more ? 1 : -1;
  if (!a.more) return a.items.length - b.items.length;
  // Two full pages: the one whose entries reach further back in time is the sparser.
  const oldest = (page: IndexPage) => String(page.items.at(-1)?.sk ?? "");
  return oldest(a) === oldest(b) ? 0 : oldest(a) < oldest(b) ? -1 : 1;
}

function pageOf(items: Tweet[], more: boolean): Page<Tweet> {
  const last = items.at(-1);
  return { items, last: more && last ? { before: recencyOf(last) } : undefined };
}

/** The table item of a tweet (exported for benchmarks that load tweets in bulk). */
export function tweetItem({ likeBatch, ...tweet }: Tweet): Record<string, unknown> {
  return {
    ...tweetKey(tweet.id),
    recencyShard: shardOf(tweet.id),
    recency: recencyOf(tweet),
    ...tweet,
    ...(likeBatch > 0 ? { lastBatch: likeBatch } : {}),
  };
}

function isConditionFailed(error: unknown): boolean {
  return (error as Error).name === "ConditionalCheckFailedException";
}

function toTweet(item: Record<string, unknown>): Tweet {
  return {
    id: String(item.id),
    username: String(item.username),
    text: String(item.text),
    hashtags: Array.isArray(item.hashtags) ? item.hashtags.map(String) : [],
    likes: Number(item.likes ?? 0),
    createdAt: String(item.createdAt),
    ...(item.editedAt ? { editedAt: String(item.editedAt) } : {}),
    version: Number(item.version ?? 1),
    likeBatch: Number(item.lastBatch ?? 0),
  };
}
