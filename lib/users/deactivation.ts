// Deactivating an account so that its credentials stop working at once, everywhere: the
// users store marks it inactive (the authorizer reads that on every call), then API
// Gateway's cache of the authorizer's answers is flushed. Only DELETE /users/{username}
// imports this module, so only that function loads the API Gateway client.
import { createGatewayAuthorizerCache } from "../auth/gateway-authorizer-cache";
import { config } from "../config";
import { usersStore } from "./composition-root";

const gatewayAuthorizerCache = createGatewayAuthorizerCache(
  config.API_GATEWAY_REST_API_ID === undefined || config.API_GATEWAY_STAGE === undefined
    ? undefined
    : {
        restApiId: config.API_GATEWAY_REST_API_ID,
        stageName: config.API_GATEWAY_STAGE,
        region: config.AWS_REGION,
        endpoint: config.API_GATEWAY_ENDPOINT,
      },
);

export async function deactivateAccount(username: string): Promise<void> {
  await usersStore.deactivate(username);
  await gatewayAuthorizerCache.flush();
}
