// The messages service's composition root: the store this deployment uses, built once per
// Lambda instance from the shared DynamoDB client and the configured table.
import { dynamo } from "../clients/dynamodb";
import { config } from "../config";
import { createDynamoDbMessagesStore } from "./dynamodb-store";
import type { MessagesStore } from "./store";

export const messagesStore: MessagesStore = createDynamoDbMessagesStore(
  dynamo,
  config.MESSAGES_TABLE,
);
