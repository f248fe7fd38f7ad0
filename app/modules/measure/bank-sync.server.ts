import type { Db } from "#db/client.ts";
import { cmtBank } from "./cmt-bank.ts";
import { bankQuestion } from "./schema.ts";

/**
 * Adds the CMT questions shipped with this version that the database does not
 * have yet. Never changes an existing row: once in the database, a public
 * question is curated there by platform admins.
 */
export async function syncPublicBank(db: Db, operatorId: string): Promise<void> {
  await db
    .insert(bankQuestion)
    .values(
      cmtBank.map((q) => ({
        orgId: operatorId,
        code: q.code,
        visibility: "public" as const,
        module: q.module,
        core: q.core,
        type: q.type,
        scale: q.scale ?? null,
        options: q.options ? [...q.options] : null,
        min: q.min ?? null,
        max: q.max ?? null,
        textEn: q.text.en,
        textFr: q.text.fr,
        helpEn: q.help?.en ?? null,
        helpFr: q.help?.fr ?? null,
        channels: [...q.channels],
        dimension: q.dimension,
        driver: q.driver,
        element: q.element,
        variant: q.variant,
      })),
    )
    .onConflictDoNothing({ target: bankQuestion.code });
}
