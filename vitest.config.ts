import { defineConfig } from "vitest/config";

// Three projects: pure unit tests; the games-db cluster tests, which start their own
// SQLite nodes; and the integration suite, which drives the whole stack through the gateway.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "games-db",
          include: ["tests/integration/games-db/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: ["tests/integration/games-db/**"],
          globalSetup: ["tests/integration/global-setup.ts"],
          // One stack serves every file, and some tests pause or kill its parts on
          // purpose: run the files one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
