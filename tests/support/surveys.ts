import { eq } from "drizzle-orm";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { createSurveyFromTemplate, publishSurvey } from "#app/modules/measure/surveys.server.ts";
import { ANONYMOUS_MIN_CONTACTS } from "#app/modules/responses/anonymity.ts";
import { getSurveyForRespondent, type RespondentSurvey } from "#app/modules/responses/respond.server.ts";

/** A survey made from the CMT template and published, as respondents reach it. */
export async function publishedSurvey(designer: TenantCtx, titleEn: string): Promise<RespondentSurvey> {
  const id = await createSurveyFromTemplate(designer, {
    titleEn,
    titleFr: `${titleEn} (FR)`,
    serviceEn: "Passport renewal",
    serviceFr: "Renouvellement de passeport",
    channels: ["online"],
    variant: "citizen",
  });
  await publishSurvey(designer, id);
  const [row] = await designer.db.select({ key: survey.publicKey }).from(survey).where(eq(survey.id, id));
  const live = row ? await getSurveyForRespondent(designer.db, row.key) : null;
  if (!live) throw new Error("the published survey cannot be found by its key");
  return live;
}

/**
 * `addresses`, then neighbours up to the fewest an anonymous survey invites
 * at a time (decision 0042), so that a test about one person can send.
 */
export function withNeighbours(addresses: string[], tag: string): string[] {
  const neighbours = Array.from(
    { length: Math.max(0, ANONYMOUS_MIN_CONTACTS - addresses.length) },
    (_, i) => `neighbour.${i + 1}.${tag}@example.org`,
  );
  return [...addresses, ...neighbours];
}
