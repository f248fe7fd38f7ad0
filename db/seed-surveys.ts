import { and, asc, eq } from "drizzle-orm";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { getTenantContext } from "#app/modules/identity/organizations.server.ts";
import { user } from "#app/modules/identity/schema.ts";
import { cmtBank } from "#app/modules/measure/cmt-bank.ts";
import { survey, surveyVersion } from "#app/modules/measure/schema.ts";
import {
  changeDraft,
  closeSurvey,
  createSurveyFromTemplate,
  getSurvey,
  publishSurvey,
} from "#app/modules/measure/surveys.server.ts";
import type { Keyring, OrgSealer } from "#app/modules/privacy/keyring.server.ts";
import { type Answers, isFreeText } from "#app/modules/responses/answers.ts";
import { response, type StoredAnswers } from "#app/modules/responses/schema.ts";
import { seedFrom } from "#app/stats/random.ts";
import type { Db } from "./client.ts";
import { anonymousRow, generateResponses, type Wave } from "./demo-responses.ts";
import { type DemoPage, demoSurveys, wavesOf } from "./demo-surveys.ts";

/**
 * The demo surveys, each published as version 1, edited and published again,
 * with a few thousand responses over its waves (see demo-surveys.ts), dated
 * back so that the versions precede the responses that answered them.
 */
export async function seedDemoSurveys(db: Db, keyring: Keyring, today: Date): Promise<Map<string, SeededSurvey>> {
  const seeded = new Map<string, SeededSurvey>();
  for (const demo of demoSurveys) {
    const [row] = await db.select({ id: user.id, name: user.name }).from(user).where(eq(user.email, demo.designer));
    if (!row) continue;
    const ctx = await getTenantContext({ db, userId: row.id, email: demo.designer, name: row.name }, demo.org);
    if (!ctx) continue;
    const id = await createSurveyFromTemplate(ctx, demo.survey);
    seeded.set(demo.key, { orgId: ctx.orgId, surveyId: id });
    await groupDriverQuestions(ctx, id);
    for (const page of demo.pages) await addDemoPage(ctx, id, page);
    await publishSurvey(ctx, id);
    await addDemoPage(ctx, id, demo.edit);
    await publishSurvey(ctx, id);
    if (demo.closed) await closeSurvey(ctx, id);

    const waves = wavesOf(demo, today);
    const versions = await db
      .select({ version: surveyVersion.version, definition: surveyVersion.definition })
      .from(surveyVersion)
      .where(and(eq(surveyVersion.orgId, ctx.orgId), eq(surveyVersion.surveyId, id)))
      .orderBy(asc(surveyVersion.version));
    const [first, latest] = versions;
    if (!first || !latest) throw new Error(`demo survey ${demo.key} has no versions`);
    const sealer = await keyring.forOrg(db, ctx.orgId);
    await db.transaction(async (tx) => {
      await backdate(tx, ctx.orgId, id, waves);
      // Three years, so that the oldest wave keeps its comments for a while yet.
      await tx
        .update(survey)
        .set({ retentionMonths: DEMO_RETENTION_MONTHS })
        .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, id)));
      for (const [index, wave] of waves.entries()) {
        const { version, definition } = index === waves.length - 1 ? latest : first;
        const freeText = new Set(
          definition.pages.flatMap((p) => p.items.filter((i) => isFreeText(i.question)).map((i) => i.code)),
        );
        const rows = generateResponses(definition, wave, seedFrom(`${demo.key}/${index}`)).map((r) => ({
          orgId: ctx.orgId,
          surveyId: id,
          version,
          status: r.status,
          channel: r.channel,
          ...anonymousRow(r),
          lang: r.lang,
          pagesDone: r.pagesDone,
          answers: sealFreeText(r.answers, freeText, sealer),
          // The demo surveys are anonymous: a submitted response keeps no staff name.
          enteredBy: r.channel === "staff" && r.status === "partial" ? ctx.userId : null,
        }));
        for (let at = 0; at < rows.length; at += INSERT_BATCH) {
          await tx.insert(response).values(rows.slice(at, at + INSERT_BATCH));
        }
      }
    });
  }
  return seeded;
}

/** Where a demo survey was written, by its key. */
export interface SeededSurvey {
  orgId: string;
  surveyId: string;
}

export const INSERT_BATCH = 500;
const DEMO_RETENTION_MONTHS = 36;

// The core driver questions share the satisfaction scale: shown as one grid,
// as the CMT questionnaire prints them.
const driverCodes = new Set(
  cmtBank.filter((q) => q.core && q.driver && q.type === "scale5" && q.scale === "satisfaction").map((q) => q.code),
);

async function groupDriverQuestions(ctx: TenantCtx, surveyId: string) {
  const page = (await getSurvey(ctx, surveyId)).draft.pages[0];
  const rows = page?.items.filter((i) => driverCodes.has(i.code)).map((i) => i.key) ?? [];
  if (!page || rows.length < 2) return;
  await changeDraft(ctx, surveyId, {
    op: "groupGrid",
    pageKey: page.key,
    itemKeys: rows,
    titleEn: "How satisfied were you with each of the following?",
    titleFr: "Dans quelle mesure étiez-vous satisfait de chacun des éléments suivants?",
  });
}

async function addDemoPage(ctx: TenantCtx, surveyId: string, page: DemoPage) {
  await changeDraft(ctx, surveyId, { op: "addPage", titleEn: page.titleEn, titleFr: page.titleFr });
  const pageKey = (await getSurvey(ctx, surveyId)).draft.pages.at(-1)?.key ?? "";
  for (const code of page.codes) await changeDraft(ctx, surveyId, { op: "addQuestion", pageKey, code });
  if (!page.showIf) return;
  const added = (await getSurvey(ctx, surveyId)).draft.pages.at(-1)?.items ?? [];
  for (const item of added) {
    await changeDraft(ctx, surveyId, {
      op: "showIf",
      itemKey: item.key,
      conditionCode: page.showIf.code,
      values: page.showIf.values,
    });
  }
}

/** Versions published, and the survey created, shortly before the waves that answered them. */
async function backdate(tx: Db, orgId: string, surveyId: string, waves: Wave[]) {
  const opens = waves.map((w) => w.from.getTime());
  const daysBefore = (time: number, days: number) => new Date(time - days * DAY);
  const version = (v: number) =>
    and(eq(surveyVersion.orgId, orgId), eq(surveyVersion.surveyId, surveyId), eq(surveyVersion.version, v));
  await tx
    .update(surveyVersion)
    .set({ publishedAt: daysBefore(Math.min(...opens), 7) })
    .where(version(1));
  await tx
    .update(surveyVersion)
    .set({ publishedAt: daysBefore(Math.max(...opens), 7) })
    .where(version(2));
  await tx
    .update(survey)
    .set({ createdAt: daysBefore(Math.min(...opens), 21) })
    .where(and(eq(survey.orgId, orgId), eq(survey.id, surveyId)));
}

const DAY = 86_400_000;

function sealFreeText(answers: Answers, freeText: Set<string>, sealer: OrgSealer): StoredAnswers {
  const stored: StoredAnswers = {};
  for (const [code, value] of Object.entries(answers)) {
    stored[code] = freeText.has(code) && typeof value === "string" ? { sealed: sealer.seal(value) } : value;
  }
  return stored;
}
