import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, like, lt, or, sql } from "drizzle-orm";
import type { PeriodicJob } from "#app/modules/jobs/scheduler.server.ts";
import type { Db } from "#db/client.ts";
import { signInThrottle } from "./schema.ts";

// Password guessing is throttled so that it cannot be turned into a lockout of
// the account's owner (decision 0033, OWASP ASVS 4 §2.2.1):
// - per account and network address: 5 failures in 15 minutes lock that pair
//   for 15 minutes (the guesser's own pair);
// - per network address: 30 failures in 15 minutes lock that address;
// - per account, from every address together: after 10 attempts in an hour
//   each further check waits 2, 4, 8… up to 60 seconds after the previous one:
//   a delay, never a lock, and fewer than 100 guesses an hour;
// - a browser that signed in to the account before carries a signed device
//   cookie; it is counted on its own (5 failures lock that device) and skips
//   the other three, so the owner's usual browser gets in whatever happens
//   elsewhere.
// Every attempt is counted before the password is checked, atomically, so
// parallel guesses cannot slip past a limit. A success clears the account's and
// pair's counts; a password reset clears every count of the account. Keys are
// keyed hashes, so the table holds no addresses.
const WINDOW = "15 minutes";
const PAIR_LIMIT = 5;
const IP_LIMIT = 30;
const DEVICE_LIMIT = 5;
const ACCOUNT_WINDOW = "1 hour";
const ACCOUNT_FREE = 10;
const ACCOUNT_MAX_DELAY_SECONDS = 60;
export const DEVICE_COOKIE = "oi_device";
const DEVICE_MAX_AGE = 60 * 60 * 24 * 180;

export interface ThrottleServices {
  db: Db;
  secret: string;
}

export interface AttemptKeys {
  email: string;
  ip: string;
  /** The request's Cookie header, for the device cookie. */
  cookie: string | null;
}

export type AttemptVerdict = { ok: true } | { ok: false; reason: "locked" | "slowDown" };

const hash = (secret: string, value: string) =>
  createHmac("sha256", secret).update(`throttle:${value.trim().toLowerCase()}`).digest("hex").slice(0, 32);

const accountKey = (s: ThrottleServices, email: string) => `account:${hash(s.secret, email)}`;
const pairKey = (s: ThrottleServices, email: string, ip: string) =>
  `pair:${hash(s.secret, email)}:${hash(s.secret, ip)}`;
const ipKey = (s: ThrottleServices, ip: string) => `ip:${hash(s.secret, ip)}`;
const deviceKey = (s: ThrottleServices, email: string, device: string) =>
  `device:${hash(s.secret, email)}:${hash(s.secret, device)}`;

/** Counts one attempt; refuses it if a limit is reached. */
export async function beginAttempt(s: ThrottleServices, keys: AttemptKeys): Promise<AttemptVerdict> {
  const device = trustedDevice(s, keys.email, keys.cookie);
  if (device) {
    return (await countLocking(s.db, deviceKey(s, keys.email, device), DEVICE_LIMIT))
      ? { ok: false, reason: "locked" }
      : { ok: true };
  }
  const ipLocked = await countLocking(s.db, ipKey(s, keys.ip), IP_LIMIT);
  const pairLocked = await countLocking(s.db, pairKey(s, keys.email, keys.ip), PAIR_LIMIT);
  if (ipLocked || pairLocked) return { ok: false, reason: "locked" };
  return (await claimAccountSlot(s.db, accountKey(s, keys.email))) ? { ok: true } : { ok: false, reason: "slowDown" };
}

/** A right password: the account, pair and device start afresh, the address gets its attempt back. */
export async function recordAttemptSuccess(s: ThrottleServices, keys: AttemptKeys): Promise<void> {
  const device = trustedDevice(s, keys.email, keys.cookie);
  const cleared = [accountKey(s, keys.email), pairKey(s, keys.email, keys.ip)];
  if (device) cleared.push(deviceKey(s, keys.email, device));
  await s.db.delete(signInThrottle).where(or(...cleared.map((k) => eq(signInThrottle.key, k))));
  await s.db
    .update(signInThrottle)
    .set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
    .where(eq(signInThrottle.key, ipKey(s, keys.ip)));
}

/** After a password reset: every count of the account, from every address and device, is gone. */
export async function clearAccountThrottle(s: ThrottleServices, email: string): Promise<void> {
  const h = hash(s.secret, email);
  await s.db
    .delete(signInThrottle)
    .where(
      or(
        eq(signInThrottle.key, `account:${h}`),
        like(signInThrottle.key, `pair:${h}:%`),
        like(signInThrottle.key, `device:${h}:%`),
      ),
    );
}

/**
 * Counts one use of something limited per period (e-mails to one address, from
 * one network address); false once the limit is spent.
 */
export async function takeAllowance(db: Db, key: string, limit: number, period: "1 hour"): Promise<boolean> {
  const stale = sql`${signInThrottle.windowStart} < now() - interval '${sql.raw(period)}'`;
  const [row] = await db
    .insert(signInThrottle)
    .values({ key, failures: 1 })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${stale} then 1 else ${signInThrottle.failures} + 1 end`,
        windowStart: sql`case when ${stale} then now() else ${signInThrottle.windowStart} end`,
      },
    })
    .returning({ uses: signInThrottle.failures });
  return (row?.uses ?? 0) <= limit;
}

export const allowanceKey = (secret: string, kind: string, value: string) => `${kind}:${hash(secret, value)}`;

/** A Set-Cookie value marking this browser as one that signed in to the account. */
export function deviceCookie(s: ThrottleServices, email: string, secure: boolean): string {
  const id = randomBytes(16).toString("base64url");
  const value = `${id}.${deviceSignature(s.secret, email, id)}`;
  const name = secure ? `__Host-${DEVICE_COOKIE}` : DEVICE_COOKIE;
  return `${name}=${value}; Path=/; Max-Age=${DEVICE_MAX_AGE}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** Hourly: deletes counts no limit looks at any more (a day old, not locked). */
export const pruneThrottle: PeriodicJob = {
  name: "prune-sign-in-throttle",
  everyMs: 3600 * 1000,
  async run({ db }, now) {
    const dayAgo = new Date(now.getTime() - 86_400_000);
    const gone = await db
      .delete(signInThrottle)
      .where(
        and(
          lt(signInThrottle.windowStart, dayAgo),
          or(isNull(signInThrottle.lockedUntil), lt(signInThrottle.lockedUntil, now)),
        ),
      )
      .returning({ key: signInThrottle.key });
    return gone.length;
  },
};

const deviceSignature = (secret: string, email: string, id: string) =>
  createHmac("sha256", secret).update(`device:${email.trim().toLowerCase()}:${id}`).digest("base64url");

/** The device id in the request's cookie, if it was issued for this account. */
function trustedDevice(s: ThrottleServices, email: string, cookie: string | null): string | null {
  const match = cookie?.match(
    new RegExp(`(?:^|;\\s*)(?:__Host-)?${DEVICE_COOKIE}=([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)`),
  );
  if (!match) return null;
  const [, id = "", signature = ""] = match;
  const expected = Buffer.from(deviceSignature(s.secret, email, id));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** Counts an attempt on a key that locks once past its limit; true if locked. */
async function countLocking(db: Db, key: string, limit: number): Promise<boolean> {
  const stale = sql`${signInThrottle.windowStart} < now() - interval '${sql.raw(WINDOW)}'`;
  const attempts = sql`case when ${stale} then 1 else ${signInThrottle.failures} + 1 end`;
  const [row] = await db
    .insert(signInThrottle)
    .values({ key, failures: 1 })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: attempts,
        windowStart: sql`case when ${stale} then now() else ${signInThrottle.windowStart} end`,
        lockedUntil: sql`case when ${attempts} > ${limit} then now() + interval '${sql.raw(WINDOW)}' else ${signInThrottle.lockedUntil} end`,
      },
    })
    .returning({ lockedUntil: signInThrottle.lockedUntil });
  return Boolean(row?.lockedUntil && row.lockedUntil.getTime() > Date.now());
}

/**
 * The account's shared count: the first attempts go straight through; past
 * them, an attempt is checked only once the previous one's delay is over (the
 * conditional update claims the turn atomically). Refused attempts are not
 * counted, so waiting is enough: the delay never grows into a lock.
 */
async function claimAccountSlot(db: Db, key: string): Promise<boolean> {
  const stale = sql`${signInThrottle.windowStart} < now() - interval '${sql.raw(ACCOUNT_WINDOW)}'`;
  const attempts = sql`case when ${stale} then 1 else ${signInThrottle.failures} + 1 end`;
  const delay = sql`least(power(2, ${attempts} - ${ACCOUNT_FREE}), ${ACCOUNT_MAX_DELAY_SECONDS}) * interval '1 second'`;
  const rows = await db
    .insert(signInThrottle)
    .values({ key, failures: 1 })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: attempts,
        windowStart: sql`case when ${stale} then now() else ${signInThrottle.windowStart} end`,
        lockedUntil: sql`case when ${attempts} > ${ACCOUNT_FREE} then now() + ${delay} else null end`,
      },
      setWhere: sql`${signInThrottle.lockedUntil} is null or ${signInThrottle.lockedUntil} <= now()`,
    })
    .returning({ key: signInThrottle.key });
  return rows.length === 1;
}
