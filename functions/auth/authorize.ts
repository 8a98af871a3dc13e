// The gateway's REQUEST authorizer: verifies HTTP Basic credentials (lib/auth/authenticator.ts)
// and passes the username on in the request context. Unknown users, wrong passwords,
// deactivated accounts and usernames locked after too many failures are all
// "Unauthorized" (401), alike on purpose.
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { authenticate } from "../../lib/auth/composition-root";
import { allowWholeApi, denyEverything } from "../../lib/auth/policy";
import { isWarmUp } from "../../lib/warm-up";

export async function handler(
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  if (isWarmUp(event)) return denyEverything("warm-up");
  const authorization = event.headers?.Authorization ?? event.headers?.authorization;
  const username = authorization ? await authenticate(authorization) : undefined;
  // API Gateway answers 401 (not 403) only for this exact error message.
  if (username === undefined) throw new Error("Unauthorized");
  return allowWholeApi(event.methodArn, username);
}
