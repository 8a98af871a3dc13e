import { defineConfig } from "vitest/config";

// Six projects, by what they start: pure unit tests (nothing); store tests (each file its
// own store: DynamoDB Local, a redis-server or a games-db node, never the gateway); the
// games-db cluster tests (their own SQLite nodes); the package test (`serverless package`
// on a copy of the service); the integration suite, which drives the whole stack through
// the gateway; and the stack tests, which run `npm start` itself and the local gateway,
// each test with its own.
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
          name: "stores",
          include: ["tests/stores/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "games-db",
          include: ["tests/games-db/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "package",
          include: ["tests/package/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          // One stack serves every file, and some tests pause or kill its parts on
          // purpose: run the files one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          name: "stack",
          include: ["tests/stack/**/*.test.ts"],
          // Each file starts whole stacks of its own: one at a time on a laptop.
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
