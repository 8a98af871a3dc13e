// Telling a write refused by its condition (a taken key, a vanished item) from any other
// DynamoDB error.

export function isConditionFailed(error: unknown): boolean {
  return (error as Error).name === "ConditionalCheckFailedException";
}
