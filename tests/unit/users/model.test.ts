import { describe, expect, it } from "vitest";
import { emailSchema, usernameSchema } from "../../../lib/users/model";

describe("user fields", () => {
  it("normalize usernames and emails to lower case", () => {
    expect(usernameSchema.parse(" Alice_1 ")).toBe("alice_1");
    expect(emailSchema.parse("Alice@Example.COM")).toBe("alice@example.com");
  });

  it.each(["ab", "a".repeat(33), "bad-name", "me", "ME", "naïve"])("reject username %j", (name) => {
    expect(usernameSchema.safeParse(name).success).toBe(false);
  });
});
