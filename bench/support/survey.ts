import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { prepareDatabase } from "#app/modules/platform/services.server.ts";
import { createDb } from "#db/client.ts";
import { benchDesigner, publishBenchSurvey } from "./bench-survey.ts";

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
    const ctx = await benchDesigner(handle.db);
    const surveyId = await publishBenchSurvey(ctx, [
      { titleEn: "Your visit", titleFr: "Votre visite", codes: PAGE_2 },
      { titleEn: "Comments", titleFr: "Commentaires", codes: PAGE_3 },
    ]);
    const published = await getSurvey(ctx, surveyId);
    return {
      orgId: ctx.orgId,
      surveyId,
      publicKey: published.publicKey,
      pages: published.draft.pages.map((p) => p.items.map((i) => i.code)),
    };
  } finally {
    await handle.close();
  }
}
