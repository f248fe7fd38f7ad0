import { describe, expect, it } from "vitest";
import { loadSettings, SettingsError } from "./settings.server.ts";

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
