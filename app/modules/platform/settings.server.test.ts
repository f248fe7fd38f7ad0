import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { AUTO_PROCESSES_MAX, loadSettings, SettingsError } from "./settings.server.ts";

describe("settings", () => {
  it("defaults to the embedded database, a local base URL and the development mailbox", () => {
    const s = loadSettings({ DATABASE_URL: "memory:" });
    expect(s).toMatchObject({
      port: 3000,
      baseUrl: "http://localhost:3000",
      devMailbox: true,
      seedDemo: true,
      secureCookies: false,
    });
    expect(s.authSecret).toHaveLength(64);
  });

  it("keeps the open development mailbox off beside a real database", () => {
    expect(
      loadSettings({ DATABASE_URL: "postgres://db/x", AUTH_SECRET: "x".repeat(40), ENCRYPTION_KEY: "ab".repeat(32) })
        .devMailbox,
    ).toBe(false);
  });

  it("requires a secret with a real PostgreSQL", () => {
    expect(() => loadSettings({ DATABASE_URL: "postgres://db/x" })).toThrow(/AUTH_SECRET: required/);
  });

  it("requires the master encryption key with a real PostgreSQL, and checks its size", () => {
    const base = { DATABASE_URL: "postgres://db/x", AUTH_SECRET: "x".repeat(40) };
    expect(() => loadSettings(base)).toThrow(/ENCRYPTION_KEY: required/);
    expect(() => loadSettings({ ...base, ENCRYPTION_KEY: "abcd" })).toThrow(/ENCRYPTION_KEY: must be/);
    expect(loadSettings({ ...base, ENCRYPTION_KEY: "ab".repeat(32) }).encryptionKey).toEqual(Buffer.alloc(32, 0xab));
  });

  it("serves from one process unless WEB_CONCURRENCY asks for more, which needs a real PostgreSQL", () => {
    const postgres = { DATABASE_URL: "postgres://db/x", AUTH_SECRET: "x".repeat(40), ENCRYPTION_KEY: "ab".repeat(32) };
    expect(loadSettings(postgres).processes).toBe(1);
    expect(loadSettings({ ...postgres, WEB_CONCURRENCY: "4" }).processes).toBe(4);
    expect(loadSettings({ ...postgres, WEB_CONCURRENCY: "auto" }).processes).toBe(
      Math.min(availableParallelism(), AUTO_PROCESSES_MAX),
    );
    // The embedded database is one process's files: "auto" means one, a number above one is refused.
    expect(loadSettings({ DATABASE_URL: "memory:", WEB_CONCURRENCY: "auto" }).processes).toBe(1);
    expect(() => loadSettings({ DATABASE_URL: "memory:", WEB_CONCURRENCY: "2" })).toThrow(
      /WEB_CONCURRENCY: more than one process needs DATABASE_URL/,
    );
    for (const wrong of ["0", "-1", "two", "100", "1.5"]) {
      expect(() => loadSettings({ ...postgres, WEB_CONCURRENCY: wrong })).toThrow(/WEB_CONCURRENCY: must be/);
    }
  });

  it("names every wrong setting", () => {
    try {
      loadSettings({ PORT: "eighty", BASE_URL: "ftp://x", SMTP_URL: "http://mail", AUTH_SECRET: "short" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      const message = (error as Error).message;
      for (const name of ["PORT", "BASE_URL", "SMTP_URL", "AUTH_SECRET"]) expect(message).toContain(name);
    }
  });

  it("uses secure cookies behind https and turns the dev mailbox off with SMTP", () => {
    const s = loadSettings({
      DATABASE_URL: "postgres://db/x",
      AUTH_SECRET: "x".repeat(40),
      ENCRYPTION_KEY: "ab".repeat(32),
      BASE_URL: "https://outside-in.example.ca/",
      SMTP_URL: "smtp://mail:25",
    });
    expect(s).toMatchObject({
      secureCookies: true,
      devMailbox: false,
      seedDemo: false,
      baseUrl: "https://outside-in.example.ca",
    });
  });
});
