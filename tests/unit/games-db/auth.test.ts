import { describe, expect, it } from "vitest";
import { authorizationHeaders } from "../../../games-db/protocol/auth";
import { bearerTokenCheck } from "../../../games-db/server/auth";

const SECRET = "a-secret-of-some-length";

describe("bearer token check", () => {
  const authorized = bearerTokenCheck(SECRET);

  it("accepts exactly the secret as a bearer token, as the client sends it", () => {
    expect(authorized(authorizationHeaders(SECRET).authorization)).toBe(true);
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["no token", "Bearer "],
    ["another token", "Bearer another-secret-of-some-length"],
    ["a prefix of the secret", `Bearer ${SECRET.slice(0, -1)}`],
    ["the secret and more", `Bearer ${SECRET}x`],
    ["the secret after a space", `Bearer  ${SECRET}`],
    ["another scheme", `Basic ${SECRET}`],
    ["the secret alone", SECRET],
  ])("refuses %s", (_, header) => {
    expect(authorized(header)).toBe(false);
  });
});
