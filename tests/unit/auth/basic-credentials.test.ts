import { describe, expect, it } from "vitest";
import { parseBasicAuthorization } from "../../../lib/auth/basic-credentials";

const basic = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`;

describe("parseBasicAuthorization", () => {
  it("splits at the first colon, keeping colons in the password, lower-casing the user", () => {
    expect(parseBasicAuthorization(basic("Alice:pa:ss word"))).toEqual({
      username: "alice",
      password: "pa:ss word",
    });
    expect(parseBasicAuthorization(`basic ${basic("bob:x").slice(6)}`)?.username).toBe("bob");
  });

  it.each([undefined, "", "Bearer abc", "Basic", "Basic !!!", basic("nocolon"), basic(":nouser")])(
    "returns undefined for %j",
    (header) => {
      expect(parseBasicAuthorization(header)).toBeUndefined();
    },
  );
});
