import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { signInThrottle } from "./schema.ts";

// Sign-in lockout: more than 5 attempts for one e-mail address, or 30 from one
// network address, within 15 minutes lock that key for 15 minutes. Every
// attempt is counted before the password is checked, atomically, so parallel
// guesses cannot slip past the limit; a success gives the count back. Keys are
// hashed so the table holds no addresses.
const WINDOW = "15 minutes";
const LIMITS = { email: 5, ip: 30 } as const;

export interface ThrottleKeys {
  email: string;
  ip: string;
}

const keyOf = (kind: keyof ThrottleKeys, value: string) =>
  `${kind}:${createHash("sha256").update(value.toLowerCase()).digest("hex")}`;

/** Counts one attempt; true if the attempt must be refused. */
export async function countSignInAttempt(db: Db, keys: ThrottleKeys): Promise<boolean> {
  let locked = false;
  for (const kind of ["email", "ip"] as const) {
    const stale = sql`${signInThrottle.windowStart} < now() - interval '${sql.raw(WINDOW)}'`;
    const attempts = sql`case when ${stale} then 1 else ${signInThrottle.failures} + 1 end`;
    const [row] = await db
      .insert(signInThrottle)
      .values({ key: keyOf(kind, keys[kind]), failures: 1 })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: attempts,
          windowStart: sql`case when ${stale} then now() else ${signInThrottle.windowStart} end`,
          lockedUntil: sql`case when ${attempts} > ${LIMITS[kind]} then now() + interval '${sql.raw(WINDOW)}' else ${signInThrottle.lockedUntil} end`,
        },
      })
      .returning({ lockedUntil: signInThrottle.lockedUntil });
    if (row?.lockedUntil && row.lockedUntil.getTime() > Date.now()) locked = true;
  }
  return locked;
}

/** A successful sign-in: the address starts afresh, the network address gets its attempt back. */
export async function countSignInSuccess(db: Db, keys: ThrottleKeys): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, keyOf("email", keys.email)));
  await db
    .update(signInThrottle)
    .set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
    .where(eq(signInThrottle.key, keyOf("ip", keys.ip)));
}
