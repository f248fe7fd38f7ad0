import { createHash } from "node:crypto";
import { lt, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { totpCodeUse } from "./schema.ts";

// better-auth accepts a TOTP code for its whole window (about 90 seconds) as
// often as it is presented. We remember each user's accepted codes for longer
// than that window and refuse a second use.
const REMEMBER = "5 minutes";

/** Records the code as used; false if this user already used it. */
export async function claimTotpCode(db: Db, userId: string, code: string): Promise<boolean> {
  await db.delete(totpCodeUse).where(lt(totpCodeUse.usedAt, sql`now() - interval '${sql.raw(REMEMBER)}'`));
  const codeHash = createHash("sha256").update(`${userId}:${code}`).digest("hex");
  const inserted = await db
    .insert(totpCodeUse)
    .values({ userId, codeHash })
    .onConflictDoNothing()
    .returning({ userId: totpCodeUse.userId });
  return inserted.length === 1;
}
