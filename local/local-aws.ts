// AWS SDK clients for the local emulators, with placeholder credentials: DynamoDB Local
// accepts any, and the stack must not depend on the developer's AWS setup.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LOCAL_CREDENTIALS } from "../lib/clients/local-endpoints";

export { LOCAL_CREDENTIALS };

// Locally the functions run on the developer's Node 20; in AWS they run on nodejs22.x,
// so the SDK's notice about dropping Node 20 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const LOCAL_REGION = "us-east-1";

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
}
