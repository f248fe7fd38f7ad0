import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { BlockList, isIP } from "node:net";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { newMasterKey, parseMasterKey } from "#app/modules/privacy/keyring.server.ts";

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().optional(),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/.+|memory:)$/, "must be a postgres:// URL or memory:")
    .optional(),
  DATA_DIR: z.string().default("data"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => parseMasterKey(v) !== null, "must be 64 hex characters or the base64 of 32 bytes")
    .optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().default("Outside-In <no-reply@outside-in.localhost>"),
  DEV_MAILBOX: bool,
  TRUSTED_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  SEED_DEMO: bool,
  WEB_CONCURRENCY: z
    .string()
    .regex(/^(auto|[1-9][0-9]?)$/, 'must be a number of processes from 1 to 99, or "auto" (one per core)')
    .optional(),
});

export interface Settings {
  env: "development" | "production" | "test";
  port: number;
  host?: string;
  baseUrl: string;
  secureCookies: boolean;
  databaseUrl?: string;
  dataDir: string;
  authSecret: string;
  /** The master key of envelope encryption (32 bytes); never stored in the database. */
  encryptionKey: Buffer;
  smtpUrl?: string;
  mailFrom: string;
  devMailbox: boolean;
  /** Extra origins better-auth may call, e.g. an identity provider on a private network. */
  trustedOrigins: string[];
  seedDemo: boolean;
  /** How many processes serve HTTP: one, or a cluster of workers behind one port (PostgreSQL only). */
  processes: number;
}

export class SettingsError extends Error {}

/**
 * Each process keeps two database connections at least (decision 0032): a
 * big host's "auto" stays well under PostgreSQL's default of 100. A number
 * set on purpose is taken as given.
 */
export const AUTO_PROCESSES_MAX = 8;

/**
 * Reads and checks settings once at start-up. A wrong setting stops the app
 * with a message naming it. On the embedded database with no AUTH_SECRET we
 * make one and keep it beside the data, so the demo needs no set-up; against
 * a real PostgreSQL the secret must be given.
 */
export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new SettingsError(`Invalid settings:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL || e.DATABASE_URL === "memory:";
  const secret = (name: "AUTH_SECRET" | "ENCRYPTION_KEY", file: string, fresh: () => string): string => {
    const given = e[name];
    if (given) return given;
    if (!embedded) throw new SettingsError(`Invalid settings:\n  ${name}: required when DATABASE_URL is set`);
    if (e.DATABASE_URL === "memory:") return fresh();
    // A secret kept in a file passes the same rule as the variable.
    const { path, value } = persistedSecret(e.DATA_DIR, file, fresh);
    const checked = envSchema.shape[name].safeParse(value);
    if (!checked.success) {
      const why = checked.error.issues[0]?.message ?? "is not valid";
      throw new SettingsError(
        `Invalid settings:\n  ${name} (read from ${path}): ${why}. Restore the file, or set ${name}; ` +
          "a new key cannot open what the old one sealed.",
      );
    }
    return value;
  };
  const authSecret = secret("AUTH_SECRET", ".auth-secret", () => randomBytes(32).toString("hex"));
  const encryptionKey = secret("ENCRYPTION_KEY", ".encryption-key", newMasterKey);
  // "auto" is one process per core, up to AUTO_PROCESSES_MAX, or the one
  // process the embedded database allows.
  const processes =
    e.WEB_CONCURRENCY === "auto"
      ? embedded
        ? 1
        : Math.min(availableParallelism(), AUTO_PROCESSES_MAX)
      : Number(e.WEB_CONCURRENCY ?? 1);
  if (processes > 1 && embedded) {
    throw new SettingsError(
      "Invalid settings:\n  WEB_CONCURRENCY: more than one process needs DATABASE_URL; the embedded database belongs to one process",
    );
  }
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  // The development mailbox shows every message, password reset links
  // included: a demo on this computer only (decision 0036). Asked for on a
  // BASE_URL others can reach, it stops the start; by default it is simply off.
  const loopback = isLoopbackUrl(baseUrl);
  if (e.DEV_MAILBOX && !loopback) {
    throw new SettingsError(
      "Invalid settings:\n  DEV_MAILBOX: the development mailbox shows every account's reset links; it is allowed " +
        `only when BASE_URL is a loopback address (localhost, 127.0.0.0/8, [::1]), not ${baseUrl}. Remove DEV_MAILBOX and set SMTP_URL.`,
    );
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    secureCookies: baseUrl.startsWith("https://"),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    authSecret,
    // Checked above, by the schema or the file's rule.
    encryptionKey: parseMasterKey(encryptionKey) as Buffer,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    // On by default only for the embedded demo database without SMTP, and
    // never unless BASE_URL is loopback; platform admins only (routes/dev-mail.tsx).
    devMailbox: loopback && (e.DEV_MAILBOX ?? (embedded && !e.SMTP_URL)),
    trustedOrigins: e.TRUSTED_ORIGINS.map((u) => new URL(u).origin),
    seedDemo: e.SEED_DEMO ?? embedded,
    processes,
  };
}

const loopbackAddresses = new BlockList();
loopbackAddresses.addSubnet("127.0.0.0", 8, "ipv4");
loopbackAddresses.addAddress("::1", "ipv6");

/** Whether a URL's host is this computer only: localhost, 127.0.0.0/8 or [::1]. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (host === "localhost") return true;
  const family = isIP(host);
  return family !== 0 && loopbackAddresses.check(host, family === 4 ? "ipv4" : "ipv6");
}

// Beside the embedded database's files, but not in them: the demo works with
// no set-up, and a real deployment sets both secrets in its environment.
// Owner-only, like the data directory (db/client.ts).
function persistedSecret(dataDir: string, name: string, fresh: () => string): { path: string; value: string } {
  const path = join(dataDir, name);
  if (existsSync(path)) {
    if (statSync(path).mode & 0o077) chmodSync(path, 0o600);
    return { path, value: readFileSync(path, "utf8").trim() };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = fresh();
  writeFileSync(path, value, { mode: 0o600 });
  return { path, value };
}
