import { describe, expect, it } from "vitest";
import { allowWholeApi } from "../../../lib/auth/policy";

describe("allowWholeApi", () => {
  it("allows every route of the stage so a cached result fits all routes", () => {
    const result = allowWholeApi(
      "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/users/me",
      "alice",
    );
    expect(result.principalId).toBe("alice");
    expect(result.context).toEqual({ username: "alice" });
    expect(result.policyDocument.Statement[0]).toMatchObject({
      Effect: "Allow",
      Resource: "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/*/*",
    });
  });
});
