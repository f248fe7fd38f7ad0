import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createServices } from "./services.server.ts";
import { loadSettings, SettingsError } from "./settings.server.ts";

const dataDir = mkdtempSync(join(tmpdir(), "outside-in-start-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Settings as the server reads them, on one embedded database in files. */
const settingsWith = (env: Record<string, string> = {}) =>
  loadSettings({ NODE_ENV: "test", DATA_DIR: dataDir, SEED_DEMO: "false", ...env });

async function start(env: Record<string, string> = {}) {
  const { handle } = await createServices(settingsWith(env));
  await handle.close();
}

describe("start-up", () => {
  it("keeps the master key it first started with, and refuses another by name", async () => {
    const key = randomBytes(32).toString("hex");
    await start({ ENCRYPTION_KEY: key });
    await start({ ENCRYPTION_KEY: key });

    const wrong = createServices(settingsWith({ ENCRYPTION_KEY: randomBytes(32).toString("hex") }));
    await expect(wrong).rejects.toBeInstanceOf(SettingsError);
    await expect(wrong).rejects.toThrow(/ENCRYPTION_KEY: is not the key this database's data was sealed with/);

    // The refused start closed the database: the right key opens it again.
    await start({ ENCRYPTION_KEY: key });
  });
});
