import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AUTO_PROCESSES_MAX, isLoopbackUrl, loadSettings, SettingsError } from "./settings.server.ts";

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

  it("keeps the development mailbox to a loopback BASE_URL, whatever the database or DEV_MAILBOX", () => {
    for (const url of ["http://localhost:3000", "http://127.0.0.1:8080", "http://127.200.0.1", "http://[::1]:3000"]) {
      expect(isLoopbackUrl(url), url).toBe(true);
      expect(loadSettings({ DATABASE_URL: "memory:", BASE_URL: url }).devMailbox, url).toBe(true);
    }
    const outside = [
      "https://outside-in.example.ca",
      "http://192.168.1.10:3000",
      "http://10.0.0.1",
      "http://[::ffff:c0a8:10a]",
      "http://localhost.example.ca",
      "http://0.0.0.0:3000",
    ];
    for (const url of outside) {
      expect(isLoopbackUrl(url), url).toBe(false);
      // Off by default on the embedded database too…
      expect(loadSettings({ DATABASE_URL: "memory:", BASE_URL: url }).devMailbox, url).toBe(false);
      expect(loadSettings({ DATABASE_URL: "memory:", BASE_URL: url, DEV_MAILBOX: "false" }).devMailbox).toBe(false);
      // …and asked for, it stops the start with a message naming it.
      for (const on of ["true", "1"]) {
        expect(() => loadSettings({ DATABASE_URL: "memory:", BASE_URL: url, DEV_MAILBOX: on })).toThrow(
          /DEV_MAILBOX: .*only when BASE_URL is a loopback address/,
        );
      }
    }
  });

  describe("secrets kept in DATA_DIR", () => {
    let dir = "";
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const inDir = () => {
      dir = mkdtempSync(join(tmpdir(), "outside-in-settings-"));
      return { DATA_DIR: dir };
    };
    const settingsError = (env: Record<string, string>): string => {
      try {
        loadSettings(env);
      } catch (error) {
        expect(error).toBeInstanceOf(SettingsError);
        return (error as Error).message;
      }
      return expect.unreachable("no SettingsError");
    };

    it("are made once, owner-only, and read back", () => {
      const env = inDir();
      const first = loadSettings(env);
      for (const name of [".auth-secret", ".encryption-key"]) {
        expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o600);
      }
      expect(statSync(dir).mode & 0o077).toBe(0);
      const again = loadSettings(env);
      expect(again.authSecret).toBe(first.authSecret);
      expect(again.encryptionKey).toEqual(first.encryptionKey);
    });

    it("are tightened to the owner when an older version left them open", () => {
      const env = inDir();
      writeFileSync(join(dir, ".auth-secret"), "a".repeat(64), { mode: 0o666 });
      writeFileSync(join(dir, ".encryption-key"), "ab".repeat(32), { mode: 0o644 });
      loadSettings(env);
      for (const name of [".auth-secret", ".encryption-key"]) {
        expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o600);
      }
    });

    it("pass the same rules as the variables, with a message naming the file", () => {
      const env = inDir();
      writeFileSync(join(dir, ".auth-secret"), "short\n");
      const short = settingsError(env);
      expect(short).toContain(`AUTH_SECRET (read from ${join(dir, ".auth-secret")}): must be at least 32 characters`);

      writeFileSync(join(dir, ".auth-secret"), "a".repeat(64));
      for (const corrupt of ["not a key at all", "ab".repeat(31), "", "\u0000".repeat(64)]) {
        writeFileSync(join(dir, ".encryption-key"), corrupt);
        expect(settingsError(env), JSON.stringify(corrupt)).toContain(
          `ENCRYPTION_KEY (read from ${join(dir, ".encryption-key")}): must be 64 hex characters or the base64 of 32 bytes`,
        );
      }
    });
  });
});
