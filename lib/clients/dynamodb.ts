// The one DynamoDB document client, created once per Lambda instance and reused.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { config } from "../config";
import { credentialsFor } from "./local-endpoints";

export const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
    credentials: credentialsFor(config.DYNAMODB_ENDPOINT),
  }),
  { marshallOptions: { removeUndefinedValues: true } },
);
