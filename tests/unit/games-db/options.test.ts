import { describe, expect, it } from "vitest";
import { parseCliOptions } from "../../../games-db/server/options";

const flags = ["--name", "primary", "--port", "5100", "--dir", "/tmp/primary"];
const secret = "sixteen-chars-at-least";

describe("a node's command line", () => {
  it("takes the secret from GAMES_DB_SECRET, with the limits' defaults", () => {
    const options = parseCliOptions(flags, { GAMES_DB_SECRET: secret });
    expect(options).toMatchObject({ secret, statementTimeoutMs: 2000, migrationTimeoutMs: 60_000 });
    expect(options.readers).toBeGreaterThanOrEqual(2);
  });

  it("takes the limits and the number of readers as flags", () => {
    const options = parseCliOptions(
      [
        ...flags,
        "--statement-timeout-ms",
        "500",
        "--migration-timeout-ms",
        "9000",
        "--readers",
        "3",
      ],
      { GAMES_DB_SECRET: secret },
    );
    expect(options).toMatchObject({
      statementTimeoutMs: 500,
      migrationTimeoutMs: 9000,
      readers: 3,
    });
  });

  it.each([
    ["without a secret", {}, /GAMES_DB_SECRET/],
    ["with a short secret", { GAMES_DB_SECRET: "short" }, /at least 16 characters/],
  ])("refuses to start %s", (_, env, message) => {
    expect(() => parseCliOptions(flags, env)).toThrow(message);
  });

  it("has no flag for the secret, which `ps` would show", () => {
    expect(() =>
      parseCliOptions([...flags, "--secret", secret], { GAMES_DB_SECRET: secret }),
    ).toThrow(/--secret/);
  });
});
