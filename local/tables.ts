// Creates the DynamoDB tables declared in serverless.yml (the one place tables are
// defined) in the local DynamoDB, idempotently: existing tables are left as they are.

import { setTimeout as sleep } from "node:timers/promises";
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import * as z from "zod";

const KeySchema = z.array(
  z.object({ AttributeName: z.string(), KeyType: z.enum(["HASH", "RANGE"]) }),
);
const Projection = z.object({
  ProjectionType: z.enum(["ALL", "KEYS_ONLY", "INCLUDE"]).optional(),
  NonKeyAttributes: z.array(z.string()).optional(),
});
const Throughput = z
  .object({ ReadCapacityUnits: z.coerce.number(), WriteCapacityUnits: z.coerce.number() })
  .optional();
const Index = z.object({
  IndexName: z.string(),
  KeySchema,
  Projection,
  ProvisionedThroughput: Throughput,
});

/** The CloudFormation properties of AWS::DynamoDB::Table that matter locally. */
const TableProperties = z.object({
  TableName: z.string(),
  AttributeDefinitions: z.array(
    z.object({ AttributeName: z.string(), AttributeType: z.enum(["S", "N", "B"]) }),
  ),
  KeySchema,
  BillingMode: z.enum(["PAY_PER_REQUEST", "PROVISIONED"]).optional(),
  ProvisionedThroughput: Throughput,
  GlobalSecondaryIndexes: z.array(Index).optional(),
  LocalSecondaryIndexes: z.array(Index.omit({ ProvisionedThroughput: true })).optional(),
  StreamSpecification: z.object({ StreamViewType: z.string() }).optional(),
  TimeToLiveSpecification: z.object({ AttributeName: z.string(), Enabled: z.boolean() }).optional(),
});
export type TableProperties = z.output<typeof TableProperties>;

const PrintedService = z.object({
  resources: z
    .object({
      Resources: z.record(z.string(), z.object({ Type: z.string(), Properties: z.unknown() })),
    })
    .optional(),
});

/** The tables declared in a resolved serverless.yml (`serverless print --format json`). */
export function declaredTables(printed: unknown): TableProperties[] {
  const resources = PrintedService.parse(printed).resources?.Resources ?? {};
  return Object.values(resources)
    .filter((resource) => resource.Type === "AWS::DynamoDB::Table")
    .map((resource) => TableProperties.parse(resource.Properties));
}

export function createTableInput(table: TableProperties): CreateTableCommandInput {
  const provisioned = table.BillingMode === "PROVISIONED";
  return {
    TableName: table.TableName,
    AttributeDefinitions: table.AttributeDefinitions,
    KeySchema: table.KeySchema,
    BillingMode: table.BillingMode ?? "PROVISIONED",
    ProvisionedThroughput: provisioned ? table.ProvisionedThroughput : undefined,
    GlobalSecondaryIndexes: table.GlobalSecondaryIndexes?.map((index) => ({
      ...index,
      ProvisionedThroughput: provisioned ? index.ProvisionedThroughput : undefined,
    })),
    LocalSecondaryIndexes: table.LocalSecondaryIndexes,
    StreamSpecification: table.StreamSpecification && {
      StreamEnabled: true,
      StreamViewType: table.StreamSpecification.StreamViewType as "NEW_AND_OLD_IMAGES",
    },
  };
}

/** Creates each table that does not exist yet and waits until it is active. */
export async function ensureTables(client: DynamoDBClient, tables: TableProperties[]) {
  const created: string[] = [];
  for (const table of tables) {
    if (await tableExists(client, table.TableName)) continue;
    await client.send(new CreateTableCommand(createTableInput(table)));
    if (table.TimeToLiveSpecification?.Enabled) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: table.TableName,
          TimeToLiveSpecification: table.TimeToLiveSpecification,
        }),
      );
    }
    while (!(await tableIsActive(client, table.TableName))) await sleep(100);
    created.push(table.TableName);
  }
  return created;
}

async function tableExists(client: DynamoDBClient, TableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

async function tableIsActive(client: DynamoDBClient, TableName: string): Promise<boolean> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName }));
  return Table?.TableStatus === "ACTIVE";
}
