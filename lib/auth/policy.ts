// IAM policies the authorizer returns to API Gateway.
import type { APIGatewayAuthorizerResult } from "aws-lambda";

/**
 * Allows every method and path of the API's stage, not just the one called, so a
 * result cached by API Gateway for one route is also right for the others.
 */
export function allowWholeApi(methodArn: string, username: string): APIGatewayAuthorizerResult {
  const [apiArn, stage] = methodArn.split("/");
  return {
    principalId: username,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [
        { Action: "execute-api:Invoke", Effect: "Allow", Resource: `${apiArn}/${stage}/*/*` },
      ],
    },
    context: { username },
  };
}

/** Allows nothing: the answer to a warm-up invocation (lib/warm-up.ts). */
export function denyEverything(principalId: string): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Deny", Resource: "*" }],
    },
  };
}
