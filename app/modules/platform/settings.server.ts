import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
  let authSecret = e.AUTH_SECRET;
  if (!authSecret) {
    if (!embedded) {
      throw new SettingsError("Invalid settings:\n  AUTH_SECRET: required when DATABASE_URL is set");
    }
    authSecret =
      e.DATABASE_URL === "memory:" ? randomBytes(32).toString("hex") : persistedSecret(e.DATA_DIR, ".auth-secret");
  }
  let encryptionKey = e.ENCRYPTION_KEY;
  if (!encryptionKey) {
    if (!embedded) {
      throw new SettingsError("Invalid settings:\n  ENCRYPTION_KEY: required when DATABASE_URL is set");
    }
    encryptionKey = e.DATABASE_URL === "memory:" ? newMasterKey() : persistedSecret(e.DATA_DIR, ".encryption-key");
  }
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
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    secureCookies: baseUrl.startsWith("https://"),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    authSecret,
    encryptionKey: parseMasterKey(encryptionKey) as Buffer,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    // Anyone can read the development mailbox, reset links included: on by
    // default only for the embedded demo database; elsewhere only if asked for.
    devMailbox: e.DEV_MAILBOX ?? (embedded && !e.SMTP_URL),
    trustedOrigins: e.TRUSTED_ORIGINS.map((u) => new URL(u).origin),
    seedDemo: e.SEED_DEMO ?? embedded,
    processes,
  };
}

// Beside the embedded database's files, but not in them: the demo works with
// no set-up, and a real deployment sets both secrets in its environment.
function persistedSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
