import { readdirSync, readFileSync } from "node:fs";
import { configDefaults, defineConfig } from "vitest/config";

// Three projects: the unit and integration suite on PGlite, its tests that
// open a database again on a real PostgreSQL (a fresh database per test
// file), and the browser journeys against a production build.
const testDirs = ["app", "cli", "db", "server"];
const integration = {
  include: testDirs.map((dir) => `${dir}/**/*.test.ts`),
  setupFiles: ["tests/support/fail-on-console-error.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Each worker keeps the modules it has loaded from one test file to the
  // next: importing the app (drizzle, better-auth, PGlite…) again for every
  // file was about half of the suite's time. No test mocks a module; module
  // caches are keyed by random ids or by database.
  isolate: false,
};

// A test opens a database through tests/support/test-db.ts (or fixtures.ts,
// which uses it). The others (statistics, parsers, catalogues…) never touch
// one, so running them on PostgreSQL again would only repeat them (decision 0030).
const databaseTests = testDirs
  .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: "utf8" }).map((file) => `${dir}/${file}`))
  .filter((file) => file.endsWith(".test.ts"))
  .filter((file) => /tests\/support\/(test-db|fixtures)\.ts/.test(readFileSync(file, "utf8")));

// Markup does not depend on the database, so when `npm test` runs the
// browser journeys on both (E2E_SPLIT=1), the scans with axe and the
// screenshots run once: the forms and screenshots on PGlite, the pages on
// PostgreSQL, whose lane has less else to do (decision 0030). A run on its
// own does them all.
// The markup-only files each run leaves to the other:
const leftToTheOtherRun = {
  pglite: ["tests/e2e/accessibility-pages.test.ts"],
  postgres: ["tests/e2e/accessibility-forms.test.ts", "tests/e2e/screenshots.test.ts"],
};
const e2eDb = process.env.E2E_DB === "postgres" ? "postgres" : "pglite";
const e2eElsewhere = process.env.E2E_SPLIT === "1" ? leftToTheOtherRun[e2eDb] : [];

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
          include: databaseTests,
          name: "postgres",
          env: { TEST_DB: "postgres" },
          globalSetup: ["tests/support/postgres-template.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...e2eElsewhere],
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
