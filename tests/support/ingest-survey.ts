import type { AppServices } from "#app/context.ts";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { membership, organization, user } from "#app/modules/identity/schema.ts";
import {
  changeDraft,
  createSurveyFromTemplate,
  getSurvey,
  publishSurvey,
} from "#app/modules/measure/surveys.server.ts";

/**
 * A published survey for import and API tests: the CMT core questions, then
 * a page of every other kind of answer, then the transfer question, asked
 * only of people who phoned (skip logic).
 */
export async function createIngestSurvey(designer: TenantCtx, title = "Counter service 2026"): Promise<string> {
  const surveyId = await createSurveyFromTemplate(designer, {
    titleEn: title,
    titleFr: `${title} (fr)`,
    serviceEn: "Counter service",
    serviceFr: "Service au comptoir",
    channels: ["in_person", "telephone"],
    variant: "citizen",
  });
  await changeDraft(designer, surveyId, { op: "addPage", titleEn: "Your visit", titleFr: "Votre visite" });
  for (const code of ["SUP-CTX-03", "SUP-CTX-04", "SUP-OVR-01", "SUP-CTX-08", "SUP-CTX-02", "SUP-TXT-01"]) {
    await changeDraft(designer, surveyId, { op: "addQuestion", pageKey: "p2", code });
  }
  await changeDraft(designer, surveyId, { op: "addPage", titleEn: "The phone line", titleFr: "La ligne" });
  await changeDraft(designer, surveyId, { op: "addQuestion", pageKey: "p3", code: "SUP-TEL-04" });
  const s = await getSurvey(designer, surveyId);
  const transfer = s.draft.pages[2]?.items[0]?.key as string;
  await changeDraft(designer, surveyId, {
    op: "showIf",
    itemKey: transfer,
    conditionCode: "SUP-CTX-03",
    values: ["telephone"],
  });
  await publishSurvey(designer, surveyId);
  return surveyId;
}

/**
 * Two organizations and the people the import and API tests act as: a
 * designer and an admin of the first, an admin of the second. Lighter than
 * the demo seed (no demo responses), so the tests spend their time on imports.
 */
export async function ingestPeople(services: Pick<AppServices, "db">) {
  const ctx = async (slug: string) => {
    const [org] = await services.db
      .insert(organization)
      .values({ slug, nameEn: slug, nameFr: slug, orderOfGovernment: "federal", jurisdiction: "CA" })
      .returning({ id: organization.id });
    // Real accounts and memberships: an API token works only while its creator is a member.
    return async (userId: string, roles: string[]): Promise<TenantCtx> => {
      const email = `${userId}@${slug}.example`;
      await services.db.insert(user).values({ id: userId, name: userId, email });
      await services.db.insert(membership).values({ orgId: org?.id as string, userId, roles });
      return { db: services.db, userId, email, name: userId, orgId: org?.id as string, orgSlug: slug, roles };
    };
  };
  const federal = await ctx("federal-ingest");
  const ontario = await ctx("ontario-ingest");
  return {
    designer: await federal("designer", ["survey_designer"]),
    admin: await federal("admin", ["org_admin"]),
    otherAdmin: await ontario("other-admin", ["org_admin", "survey_designer"]),
  };
}
