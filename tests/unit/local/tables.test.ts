import { describe, expect, it } from "vitest";
import { createTableInput, declaredTables } from "../../../local/tables";

const printed = {
  resources: {
    Resources: {
      UsersTable: {
        Type: "AWS::DynamoDB::Table",
        Properties: {
          TableName: "agora-local-users",
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          GlobalSecondaryIndexes: [
            {
              IndexName: "by-x",
              KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
              Projection: { ProjectionType: "KEYS_ONLY" },
            },
          ],
        },
      },
      SomethingElse: { Type: "AWS::ApiGateway::GatewayResponse", Properties: {} },
    },
  },
};

describe("tables from serverless.yml", () => {
  it("finds every AWS::DynamoDB::Table and nothing else", () => {
    expect(declaredTables(printed).map((t) => t.TableName)).toEqual(["agora-local-users"]);
    expect(declaredTables({})).toEqual([]);
  });

  it("turns CloudFormation properties into a CreateTable request", () => {
    const [table] = declaredTables(printed);
    if (!table) throw new Error("no table");
    expect(createTableInput(table)).toMatchObject({
      TableName: "agora-local-users",
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      GlobalSecondaryIndexes: [{ IndexName: "by-x", Projection: { ProjectionType: "KEYS_ONLY" } }],
    });
  });
});
