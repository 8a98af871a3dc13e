// The gateway's REQUEST authorizer: verifies HTTP Basic credentials against the users
// table and passes the username on in the request context. Unknown users, wrong
// passwords and deactivated accounts are all "Unauthorized" (401), alike on purpose.
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { parseBasicAuthorization } from "../../lib/auth/basic-credentials";
import { allowWholeApi, denyEverything } from "../../lib/auth/policy";
import { VerifiedCredentialsCache } from "../../lib/auth/verified-credentials-cache";
import { config } from "../../lib/config";
import { usersStore } from "../../lib/users/composition-root";
import { verifyPassword } from "../../lib/users/passwords";
import { isWarmUp } from "../../lib/warm-up";

const verified = new VerifiedCredentialsCache(config.AUTH_CACHE_TTL_SECONDS * 1000);

export async function handler(
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  if (isWarmUp(event)) return denyEverything("warm-up");
  const authorization = event.headers?.Authorization ?? event.headers?.authorization;
  const username = authorization ? await verifiedUsername(authorization) : undefined;
  // API Gateway answers 401 (not 403) only for this exact error message.
  if (username === undefined) throw new Error("Unauthorized");
  return allowWholeApi(event.methodArn, username);
}

async function verifiedUsername(authorization: string): Promise<string | undefined> {
  const cached = verified.lookup(authorization);
  if (cached !== undefined) return cached;
  const credentials = parseBasicAuthorization(authorization);
  if (!credentials) return undefined;
  const user = await usersStore.get(credentials.username);
  if (!user?.active || !(await verifyPassword(credentials.password, user.passwordHash))) {
    return undefined;
  }
  verified.remember(authorization, user.username);
  return user.username;
}
