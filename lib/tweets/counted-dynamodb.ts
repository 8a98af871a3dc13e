// The microblog's DynamoDB client: the shared configuration, plus a middleware that counts
// every table read and write it sends (GET /logs shows the totals), so the caches' savings
// are measured, not guessed.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { credentialsFor } from "../clients/local-endpoints";
import { config } from "../config";
import { tally } from "../request-log/tally";

const READS = new Set(["GetItemCommand", "BatchGetItemCommand", "QueryCommand", "ScanCommand"]);
const WRITES = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "BatchWriteItemCommand",
  "TransactWriteItemsCommand",
]);

export function countedDynamoDbClient(): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
    credentials: credentialsFor(config.DYNAMODB_ENDPOINT),
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      if (READS.has(command)) tally.count("dbReads");
      if (WRITES.has(command)) tally.count("dbWrites");
      return next(args);
    },
    { step: "initialize", name: "countTableAccess" },
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
