import { eq } from "drizzle-orm";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { createSurveyFromTemplate, publishSurvey } from "#app/modules/measure/surveys.server.ts";
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
