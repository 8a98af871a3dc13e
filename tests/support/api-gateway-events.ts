// Fake API Gateway events and a Lambda context, for calling handlers directly in unit tests.
import type { APIGatewayProxyEvent, Context } from "aws-lambda";

export const lambdaContext = {
  awsRequestId: "test-request",
  getRemainingTimeInMillis: () => 10_000,
} as Context;

export function apiEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    httpMethod: "POST",
    path: "/things",
    body: null,
    headers: {},
    isBase64Encoded: false,
    pathParameters: null,
    queryStringParameters: null,
    requestContext: {},
    ...overrides,
  } as APIGatewayProxyEvent;
}

/** The same event as the authorizer's Allow for `username` would pass it on. */
export function authenticatedEvent(
  username: string,
  overrides: Partial<APIGatewayProxyEvent> = {},
): APIGatewayProxyEvent {
  return apiEvent({
    requestContext: {
      authorizer: { username },
    } as unknown as APIGatewayProxyEvent["requestContext"],
    ...overrides,
  });
}
