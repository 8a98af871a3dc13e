// The messages store on DynamoDB: the only code that touches MessagesTable (access patterns
// in store.ts).
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { isConditionFailed } from "../dynamodb/condition-failed";
import { queryNewestFirst, recencyKey } from "../dynamodb/newest-first";
import { MessageNotFound } from "./errors";
import { type Message, messageView, type StoredMessage } from "./model";
import type { MessagesStore } from "./store";

const messageKey = (id: string) => ({ pk: `MSG#${id}` });

const BOXES = {
  inbox: { IndexName: "inbox-index", partitionKey: "inbox" },
  sent: { IndexName: "sent-index", partitionKey: "sentBox" },
} as const;

export function createDynamoDbMessagesStore(
  db: DynamoDBDocumentClient,
  tableName: string,
): MessagesStore {
  const TableName = tableName;

  return {
    async send(message) {
      await db.send(
        new PutCommand({
          TableName,
          Item: {
            ...messageKey(message.id),
            ...message,
            inbox: message.to,
            sentBox: message.from,
            recency: recencyKey(message.sentAt, message.id),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },

    async get(id) {
      const { Item } = await db.send(
        new GetCommand({ TableName, Key: messageKey(id), ConsistentRead: true }),
      );
      return Item ? toStoredMessage(Item) : undefined;
    },

    async removeFromBoxesOf(message, username) {
      const sides = [
        ...(message.to === username ? ["inbox"] : []),
        ...(message.from === username ? ["sentBox"] : []),
      ];
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName,
            Key: messageKey(message.id),
            UpdateExpression: `REMOVE ${sides.join(", ")}`,
            // Deleted already by a concurrent request: as gone as if it never was.
            ConditionExpression: sides.map((side) => `attribute_exists(${side})`).join(" OR "),
            ReturnValues: "ALL_NEW",
          }),
        );
        if (Attributes && Attributes.inbox === undefined && Attributes.sentBox === undefined) {
          await db.send(
            new DeleteCommand({
              TableName,
              Key: messageKey(message.id),
              ConditionExpression: "attribute_not_exists(inbox) AND attribute_not_exists(sentBox)",
            }),
          );
        }
      } catch (error) {
        if (isConditionFailed(error)) throw new MessageNotFound(message.id);
        throw error;
      }
    },

    async setFavorite(id, favorite) {
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName,
            Key: messageKey(id),
            UpdateExpression: "SET favorite = :favorite",
            ConditionExpression: "attribute_exists(inbox)",
            ExpressionAttributeValues: { ":favorite": favorite },
            ReturnValues: "ALL_NEW",
          }),
        );
        return toStoredMessage(Attributes ?? {});
      } catch (error) {
        if (isConditionFailed(error)) throw new MessageNotFound(id);
        throw error;
      }
    },

    async list(box, username, limit, after) {
      const page = await queryNewestFirst(db, {
        TableName,
        ...BOXES[box],
        sortKey: "recency",
        partitions: [username],
        limit,
        after,
      });
      return {
        items: page.items.map((item) => messageView(toStoredMessage(item))),
        last: page.last,
      };
    },
  };
}

function toStoredMessage(item: Record<string, unknown>): StoredMessage {
  const message: Message = {
    id: String(item.id),
    from: String(item.from),
    to: String(item.to),
    contents: String(item.contents),
    sentAt: String(item.sentAt),
    favorite: item.favorite === true,
  };
  return { ...message, inInbox: item.inbox !== undefined, inSentBox: item.sentBox !== undefined };
}
