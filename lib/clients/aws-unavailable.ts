// Telling an AWS service (DynamoDB, Lambda, SQS) that could not serve a call from one that
// refused it. Could not: unreachable, timed out, throttled, or failing inside (a 5xx); the
// call may work in a moment, so the API answers 503 with Retry-After. Refused (a failed
// condition, a validation error): the request's fault or a defect, never "unavailable".
// The SDK has already retried the first kind by the time it throws.

/** Error names of throttling and of failures inside the service. */
const UNAVAILABLE_NAMES = new Set([
  "InternalFailure",
  "InternalServerError",
  "ServiceUnavailable",
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TimeoutError",
]);

/** Socket errors of a service that does not answer. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);

export function isAwsServiceUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { $metadata, code } = error as Error & {
    $metadata?: { httpStatusCode?: number };
    code?: string;
  };
  const status = $metadata?.httpStatusCode;
  return (
    (status !== undefined && status >= 500) ||
    UNAVAILABLE_NAMES.has(error.name) ||
    (code !== undefined && NETWORK_CODES.has(code))
  );
}
