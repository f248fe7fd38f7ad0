import { createHash } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { signInThrottle } from "./schema.ts";

// Sign-in lockout: 5 failures for one e-mail address, or 30 from one network
// address, within 15 minutes lock that key for 15 minutes. Keys are hashed so
// the table holds no addresses.
const WINDOW = "15 minutes";
const LIMITS = { email: 5, ip: 30 } as const;

export interface ThrottleKeys {
  email: string;
  ip: string;
}

const keyOf = (kind: keyof ThrottleKeys, value: string) =>
  `${kind}:${createHash("sha256").update(value.toLowerCase()).digest("hex")}`;

export async function isLockedOut(db: Db, keys: ThrottleKeys): Promise<boolean> {
  const rows = await db
    .select({ lockedUntil: signInThrottle.lockedUntil })
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, [keyOf("email", keys.email), keyOf("ip", keys.ip)]));
  const now = Date.now();
  return rows.some((r) => r.lockedUntil && r.lockedUntil.getTime() > now);
}

export async function recordSignInFailure(db: Db, keys: ThrottleKeys): Promise<void> {
  for (const kind of ["email", "ip"] as const) {
    const limit = LIMITS[kind];
    const stale = sql`${signInThrottle.windowStart} < now() - interval '${sql.raw(WINDOW)}'`;
    const failures = sql`case when ${stale} then 1 else ${signInThrottle.failures} + 1 end`;
    await db
      .insert(signInThrottle)
      .values({ key: keyOf(kind, keys[kind]), failures: 1 })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures,
          windowStart: sql`case when ${stale} then now() else ${signInThrottle.windowStart} end`,
          lockedUntil: sql`case when ${failures} >= ${limit} then now() + interval '${sql.raw(WINDOW)}' else ${signInThrottle.lockedUntil} end`,
        },
      });
  }
}

export async function clearSignInFailures(db: Db, email: string): Promise<void> {
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, [keyOf("email", email)]));
}
