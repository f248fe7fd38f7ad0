import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findAuditEvents } from "#app/modules/identity/audit.server.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { updateQuestion } from "./bank.server.ts";
import { cmtBank } from "./cmt-bank.ts";
import { surveyVersion } from "./schema.ts";
import {
  changeDraft,
  closeSurvey,
  createSurveyFromTemplate,
  findSurveys,
  getSurvey,
  publishSurvey,
  updateSurveySettings,
} from "./surveys.server.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
beforeAll(async () => {
  s = await seededServices();
});

const FEDERAL = "citizen-services-canada";
const input = {
  titleEn: "Passport renewal 2026",
  titleFr: "Renouvellement de passeport 2026",
  serviceEn: "Passport renewal",
  serviceFr: "Renouvellement de passeport",
  channels: ["in_person", "online"],
  variant: "citizen" as const,
};

describe("surveys", () => {
  let surveyId: string;

  it("start from the CMT template with the core questions locked in", async () => {
    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    surveyId = await createSurveyFromTemplate(designer, input);
    const survey = await getSurvey(designer, surveyId);
    const core = cmtBank
      .filter((q) => q.core && q.variant !== "business")
      .map((q) => q.code)
      .sort();
    const items = survey.draft.pages[0]?.items ?? [];
    expect(items.map((i) => i.code).sort()).toEqual(core);
    expect(items.every((i) => i.locked)).toBe(true);
    expect(survey.status).toBe("draft");
  });

  it("are designed by designers only and hidden from other organizations", async () => {
    const analyst = await s.tenantCtx("analyst@federal.example", FEDERAL);
    await expect(createSurveyFromTemplate(analyst, input)).rejects.toMatchObject({ code: "Forbidden" });
    await expect(changeDraft(analyst, surveyId, { op: "addPage", titleEn: "x", titleFr: "y" })).rejects.toMatchObject({
      code: "Forbidden",
    });
    expect((await getSurvey(analyst, surveyId)).id).toBe(surveyId);
    const ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
    await expect(getSurvey(ontario, surveyId)).rejects.toMatchObject({ code: "NotFound" });
    await expect(changeDraft(ontario, surveyId, { op: "addPage", titleEn: "x", titleFr: "y" })).rejects.toMatchObject({
      code: "NotFound",
    });
    expect((await findSurveys(ontario)).map((x) => x.id)).not.toContain(surveyId);
  });

  it("take bank questions by code, once each, and refuse unknown codes", async () => {
    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    await changeDraft(designer, surveyId, { op: "addPage", titleEn: "Waiting", titleFr: "Attente" });
    await changeDraft(designer, surveyId, { op: "addQuestion", pageKey: "p2", code: "SUP-WAIT-01" });
    await expect(
      changeDraft(designer, surveyId, { op: "addQuestion", pageKey: "p2", code: "SUP-WAIT-01" }),
    ).rejects.toMatchObject({ key: "surveys.errors.alreadyIn" });
    await expect(
      changeDraft(designer, surveyId, { op: "addQuestion", pageKey: "p2", code: "NOPE-1" }),
    ).rejects.toMatchObject({ key: "surveys.errors.unknownCode" });
    const survey = await getSurvey(designer, surveyId);
    expect(survey.draft.pages[1]?.items.map((i) => i.code)).toEqual(["SUP-WAIT-01"]);
  });

  it("group scale questions of a page as a grid that publishing keeps", async () => {
    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    const page = (await getSurvey(designer, surveyId)).draft.pages[0];
    const keyOf = (code: string) => page?.items.find((i) => i.code === code)?.key ?? "";
    const titles = { titleEn: "How satisfied were you with…", titleFr: "Dans quelle mesure étiez-vous satisfait…" };
    const rows = [keyOf("CORE-TIM-01"), keyOf("CORE-COU-01")];
    // A satisfaction scale and a choice question cannot share columns.
    await expect(
      changeDraft(designer, surveyId, {
        op: "groupGrid",
        pageKey: "p1",
        itemKeys: [keyOf("CORE-TIM-01"), keyOf("CORE-NC-01")],
        ...titles,
      }),
    ).rejects.toMatchObject({ key: "surveys.grid.errors.rows" });
    await changeDraft(designer, surveyId, { op: "groupGrid", pageKey: "p1", itemKeys: rows, ...titles });
    const grouped = (await getSurvey(designer, surveyId)).draft.pages[0];
    expect(grouped?.grids).toEqual([{ key: "g1", ...titles }]);
    expect(grouped?.items.filter((i) => i.grid === "g1").map((i) => i.code)).toEqual(["CORE-TIM-01", "CORE-COU-01"]);
  });

  it("freeze each published version with the wording of the time", async () => {
    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    expect(await publishSurvey(designer, surveyId)).toBe(1);
    const platform = await s.tenantCtx("platform.admin@institute.example", "institute");
    const original = cmtBank.find((q) => q.code === "SUP-WAIT-01");
    await updateQuestion(platform, "SUP-WAIT-01", {
      scale: original?.scale ?? null,
      options: original?.options ? [...original.options] : null,
      min: original?.min ?? null,
      max: original?.max ?? null,
      textEn: "A reworded question",
      textFr: "Une question reformulée",
      helpEn: null,
      helpFr: null,
      channels: [...(original?.channels ?? [])],
      dimension: original?.dimension ?? null,
      driver: original?.driver ?? null,
      element: original?.element ?? "perception",
      variant: original?.variant ?? "both",
      module: original?.module ?? "wait_times",
    });
    await changeDraft(designer, surveyId, { op: "required", itemKey: "q21", required: true });
    expect(await publishSurvey(designer, surveyId)).toBe(2);
    const versions = await s.db
      .select()
      .from(surveyVersion)
      .where(and(eq(surveyVersion.orgId, designer.orgId), eq(surveyVersion.surveyId, surveyId)));
    const wording = (v: number) =>
      versions.find((r) => r.version === v)?.definition.pages[1]?.items[0]?.question.textEn;
    expect(wording(1)).toBe(original?.text.en);
    expect(versions.find((r) => r.version === 1)?.definition.pages[0]?.grids?.[0]?.key).toBe("g1");
    expect(wording(2)).toBe("A reworded question");
  });

  it("check dates, close for good, and audit every step", async () => {
    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    await expect(
      updateSurveySettings(designer, surveyId, {
        ...input,
        opensAt: new Date("2026-12-01"),
        closesAt: new Date("2026-11-01"),
        responseTarget: 400,
        closingMessageEn: null,
        closingMessageFr: null,
      }),
    ).rejects.toMatchObject({ key: "surveys.errors.dates" });
    await closeSurvey(designer, surveyId);
    await expect(changeDraft(designer, surveyId, { op: "addPage", titleEn: "x", titleFr: "y" })).rejects.toMatchObject({
      key: "surveys.errors.closed",
    });
    await expect(publishSurvey(designer, surveyId)).rejects.toMatchObject({ key: "surveys.errors.closed" });
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    const { events } = await findAuditEvents(admin, { page: 1 });
    const actions = events.filter((e) => e.targetId === surveyId).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["survey.created", "survey.updated", "survey.published", "survey.closed"]),
    );
  });
});
