import type { TenantCtx } from "#app/modules/identity/context.ts";
import { organization } from "#app/modules/identity/schema.ts";
import type { Channel } from "#app/modules/measure/cmt-bank.ts";
import { changeDraft, createSurveyFromTemplate, publishSurvey } from "#app/modules/measure/surveys.server.ts";
import type { Db } from "#db/client.ts";

// What every benchmark starts from: an organization of its own on a migrated
// database, a designer's context in it, and a survey built and published
// through the app's own module functions.

export async function benchDesigner(db: Db): Promise<TenantCtx> {
  const slug = `bench-${Date.now().toString(36)}`;
  const [org] = await db
    .insert(organization)
    .values({ slug, nameEn: "Bench", nameFr: "Banc", orderOfGovernment: "federal", jurisdiction: "CA" })
    .returning({ id: organization.id });
  if (!org) throw new Error("no organization created");
  return {
    db,
    userId: "bench",
    email: "bench@example.ca",
    name: "Bench",
    orgId: org.id,
    orgSlug: slug,
    roles: ["survey_designer"],
  };
}

export interface BenchPage {
  titleEn: string;
  titleFr: string;
  codes: string[];
}

/** The CMT template (core questions on page 1), then the given pages, published as version 1. */
export async function publishBenchSurvey(
  ctx: TenantCtx,
  pages: BenchPage[] = [],
  channels: Channel[] = ["online"],
): Promise<string> {
  const surveyId = await createSurveyFromTemplate(ctx, {
    titleEn: "Bench survey",
    titleFr: "Sondage d'essai",
    serviceEn: "Service",
    serviceFr: "Service",
    channels,
    variant: "citizen",
  });
  for (const [index, page] of pages.entries()) {
    await changeDraft(ctx, surveyId, { op: "addPage", titleEn: page.titleEn, titleFr: page.titleFr });
    const pageKey = `p${index + 2}`;
    for (const code of page.codes) await changeDraft(ctx, surveyId, { op: "addQuestion", pageKey, code });
  }
  await publishSurvey(ctx, surveyId);
  return surveyId;
}
