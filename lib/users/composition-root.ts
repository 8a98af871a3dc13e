// The users service's composition root: the store this deployment uses, built once per
// Lambda instance from the shared DynamoDB client and the configured table, and the
// gateway's authorizer cache, which a deactivation flushes.
import { createGatewayAuthorizerCache } from "../auth/gateway-authorizer-cache";
import { dynamo } from "../clients/dynamodb";
import { config } from "../config";
import { createDynamoDbUsersStore } from "./dynamodb-store";
import type { UsersStore } from "./store";

export const usersStore: UsersStore = createDynamoDbUsersStore(dynamo, config.USERS_TABLE);

export const gatewayAuthorizerCache = createGatewayAuthorizerCache(
  config.API_GATEWAY_REST_API_ID === undefined || config.API_GATEWAY_STAGE === undefined
    ? undefined
    : {
        restApiId: config.API_GATEWAY_REST_API_ID,
        stageName: config.API_GATEWAY_STAGE,
        region: config.AWS_REGION,
        endpoint: config.API_GATEWAY_ENDPOINT,
      },
);
