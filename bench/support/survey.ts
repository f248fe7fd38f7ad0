import type { TenantCtx } from "#app/modules/identity/context.ts";
import { organization } from "#app/modules/identity/schema.ts";
import {
  changeDraft,
  createSurveyFromTemplate,
  getSurvey,
  publishSurvey,
} from "#app/modules/measure/surveys.server.ts";
import { prepareDatabase } from "#app/modules/platform/services.server.ts";
import { createDb } from "#db/client.ts";

// The survey every simulated respondent answers: three pages, as a survey
// designer would build it from the CMT template. Page 1 holds the core
// questions; page 2 a multiple choice, a single choice, a number and a 0–10
// scale; page 3 a sealed free-text comment and one more choice.

export interface BenchSurvey {
  orgId: string;
  surveyId: string;
  publicKey: string;
  /** Question codes per page, in order. */
  pages: string[][];
}

const PAGE_2 = ["SUP-CTX-04", "SUP-CTX-06", "SUP-CTX-08", "SUP-OVR-01"];
const PAGE_3 = ["SUP-TXT-01", "SUP-CTX-05"];

/** Migrates the bench database, then creates and publishes the survey through the app's own module functions. */
export async function createBenchSurvey(databaseUrl: string): Promise<BenchSurvey> {
  const handle = createDb({ databaseUrl });
  try {
    await handle.migrate();
    await prepareDatabase(handle.db);
    const [org] = await handle.db
      .insert(organization)
      .values({ slug: "bench", nameEn: "Bench", nameFr: "Banc", orderOfGovernment: "federal", jurisdiction: "CA" })
      .returning({ id: organization.id });
    if (!org) throw new Error("no organization created");
    const ctx: TenantCtx = {
      db: handle.db,
      userId: "bench",
      email: "bench@example.ca",
      name: "Bench",
      orgId: org.id,
      orgSlug: "bench",
      roles: ["survey_designer"],
    };
    const surveyId = await createSurveyFromTemplate(ctx, {
      titleEn: "Bench survey",
      titleFr: "Sondage d'essai",
      serviceEn: "Service",
      serviceFr: "Service",
      channels: ["online"],
      variant: "citizen",
    });
    await changeDraft(ctx, surveyId, { op: "addPage", titleEn: "Your visit", titleFr: "Votre visite" });
    for (const code of PAGE_2) await changeDraft(ctx, surveyId, { op: "addQuestion", pageKey: "p2", code });
    await changeDraft(ctx, surveyId, { op: "addPage", titleEn: "Comments", titleFr: "Commentaires" });
    for (const code of PAGE_3) await changeDraft(ctx, surveyId, { op: "addQuestion", pageKey: "p3", code });
    await publishSurvey(ctx, surveyId);
    const published = await getSurvey(ctx, surveyId);
    return {
      orgId: org.id,
      surveyId,
      publicKey: published.publicKey,
      pages: published.draft.pages.map((p) => p.items.map((i) => i.code)),
    };
  } finally {
    await handle.close();
  }
}
