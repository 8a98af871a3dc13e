// A throwaway DynamoDB Local for store tests: started the way the stack starts its own, on
// a free port with its data in a temporary directory, with the tables serverless.yml
// declares. stop() removes the process and the data.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ensureDynamoDbLocal, startDynamoDbLocal } from "../../local/dynamodb-local";
import { localDynamoClient } from "../../local/local-aws";
import type { ManagedProcess } from "../../local/process";
import { printServiceConfig } from "../../local/serverless-cli";
import { declaredTables, ensureTables } from "../../local/tables";
import { freePort } from "./free-port";

export interface TestDynamoDb {
  /** A document client on it, as the functions use. */
  documents: DynamoDBDocumentClient;
  /** The stage-local name of a table, e.g. tableName("users") is "agora-local-users". */
  tableName(service: string): string;
  stop(): Promise<void>;
}

export async function startTestDynamoDb(): Promise<TestDynamoDb> {
  const dataDir = mkdtempSync(join(tmpdir(), "agora-dynamodb-"));
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  let server: ManagedProcess | undefined;
  try {
    // Resolving serverless.yml takes seconds; let it overlap DynamoDB Local's start.
    const printed = printServiceConfig({});
    printed.catch(() => undefined);
    const port = await freePort();
    server = await startDynamoDbLocal({
      emulatorDir: ensureDynamoDbLocal(resolve(".local"), () => undefined),
      dataDir,
      port,
      log: () => undefined,
    });
    const running = server;
    const client = localDynamoClient(`http://127.0.0.1:${port}`);
    await ensureTables(client, declaredTables(await printed));
    const documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    return {
      documents,
      tableName: (service) => `agora-local-${service}`,
      async stop() {
        client.destroy();
        await running.stop();
        removeData();
      },
    };
  } catch (error) {
    await server?.stop();
    removeData();
    throw error;
  }
}
