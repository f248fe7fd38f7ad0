import { defineConfig } from "vitest/config";

// Three projects: the unit and integration suite on PGlite, the same suite on
// a real PostgreSQL (a fresh database per test file), and the browser journeys
// against a production build.
const integration = {
  include: ["app/**/*.test.ts", "cli/**/*.test.ts", "db/**/*.test.ts", "server/**/*.test.ts"],
  setupFiles: ["tests/support/fail-on-console-error.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...integration,
          name: "pglite",
          env: { TEST_DB: "pglite" },
          globalSetup: ["tests/support/pglite-template.ts"],
        },
      },
      {
        test: {
          ...integration,
          name: "postgres",
          env: { TEST_DB: "postgres" },
          globalSetup: ["tests/support/postgres-template.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/e2e/support/global-setup.ts"],
          setupFiles: ["tests/support/fail-on-console-error.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The browser waits on a server on a machine that may be busy:
          // fifteen seconds, not vitest's one, before a poll gives up.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
