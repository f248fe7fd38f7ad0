import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findAuditEvents } from "#app/modules/identity/audit.server.ts";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { response, surveyContact } from "#app/modules/responses/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { insertResponse, publishedSurvey } from "#tests/support/responses.ts";
import { survey, surveyVersion } from "./schema.ts";
import { deleteSurvey, getSurveyDeletion } from "./survey-deletion.server.ts";
import { createSurveyFromTemplate } from "./surveys.server.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let designer: TenantCtx;
let admin: TenantCtx;
const FEDERAL = "citizen-services-canada";

async function rowsOf(id: string) {
  const n = async (table: typeof survey | typeof surveyVersion | typeof response | typeof surveyContact) => {
    const column = "surveyId" in table ? table.surveyId : table.id;
    return (await s.db.select({ n: count() }).from(table).where(eq(column, id)))[0]?.n ?? 0;
  };
  return {
    survey: await n(survey),
    versions: await n(surveyVersion),
    responses: await n(response),
    contacts: await n(surveyContact),
  };
}

async function withCollected(title: string) {
  const id = await publishedSurvey(designer, title);
  const at = { orgId: designer.orgId, surveyId: id };
  await insertResponse(s.db, s.keyring, at, { startedAt: new Date(), comment: "Fine." });
  await insertResponse(s.db, s.keyring, at, { status: "partial", startedAt: new Date() });
  await s.db.insert(surveyContact).values({
    orgId: designer.orgId,
    surveyId: id,
    emailSealed: "sealed",
    emailHash: `hash-${id}`,
    lang: "fr",
    tokenHash: `token-${id}`,
  });
  return id;
}

beforeAll(async () => {
  s = await seededServices();
  designer = await s.tenantCtx("designer@federal.example", FEDERAL);
  admin = await s.tenantCtx("admin@federal.example", FEDERAL);
});

describe("deleting a survey", () => {
  it("deletes a draft nobody answered without asking for its title", async () => {
    const id = await createSurveyFromTemplate(designer, {
      titleEn: "Draft to drop",
      titleFr: "Ébauche à jeter",
      serviceEn: "Counter",
      serviceFr: "Comptoir",
      channels: ["in_person"],
      variant: "citizen",
    });
    expect(await getSurveyDeletion(designer, id)).toMatchObject({ status: "draft", responses: 0, needsTitle: false });
    await deleteSurvey(designer, id, "");
    expect(await rowsOf(id)).toEqual({ survey: 0, versions: 0, responses: 0, contacts: 0 });
  });

  it("deletes a published survey with its responses, contacts and versions once its title is typed", async () => {
    const keep = await withCollected("Survey to keep");
    const id = await withCollected("Survey to delete");
    expect(await getSurveyDeletion(designer, id)).toMatchObject({ responses: 2, contacts: 1, needsTitle: true });
    for (const typed of ["", "Survey to", "survey to delete", "Survey to keep"]) {
      await expect(deleteSurvey(designer, id, typed), typed).rejects.toMatchObject({
        code: "Invalid",
        key: "surveys.delete.errors.title",
      });
    }
    expect(await rowsOf(id)).toEqual({ survey: 1, versions: 1, responses: 2, contacts: 1 });

    await deleteSurvey(designer, id, "  Survey  to delete (fr) ");
    expect(await rowsOf(id)).toEqual({ survey: 0, versions: 0, responses: 0, contacts: 0 });
    expect(await rowsOf(keep)).toEqual({ survey: 1, versions: 1, responses: 2, contacts: 1 });
    const { events } = await findAuditEvents(admin, { action: "survey.deleted", page: 1 });
    expect(events.find((e) => e.targetId === id)).toMatchObject({
      actorEmail: "designer@federal.example",
      before: { titleEn: "Survey to delete", status: "published", responses: 2, contacts: 1 },
    });
    await expect(getSurveyDeletion(designer, id)).rejects.toMatchObject({ code: "NotFound" });
  });

  it("is for designers of the survey's own organization only", async () => {
    const id = await withCollected("Not theirs to delete");
    const analyst = await s.tenantCtx("analyst@federal.example", FEDERAL);
    await expect(deleteSurvey(analyst, id, "Not theirs to delete")).rejects.toMatchObject({ code: "Forbidden" });
    await expect(deleteSurvey(admin, id, "Not theirs to delete")).rejects.toMatchObject({ code: "Forbidden" });
    const ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
    await expect(deleteSurvey(ontario, id, "Not theirs to delete")).rejects.toMatchObject({ code: "NotFound" });
    await expect(getSurveyDeletion(ontario, id)).rejects.toMatchObject({ code: "NotFound" });
    expect(await rowsOf(id)).toEqual({ survey: 1, versions: 1, responses: 2, contacts: 1 });
  });
});
