import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { insertResponse, publishedSurvey } from "#tests/support/responses.ts";
import { response } from "./schema.ts";

// Migration 0010 brings responses given before decision 0042 to its rule. It
// ran before these rows existed, so the test runs its statements again.

let s: Awaited<ReturnType<typeof seededServices>>;
let designer: TenantCtx;

beforeAll(async () => {
  s = await seededServices();
  designer = await s.tenantCtx("designer@federal.example", "citizen-services-canada");
});

async function rerunMigration() {
  const file = new URL("../../../db/migrations/0010_anonymous_responses_to_the_day.sql", import.meta.url);
  for (const statement of readFileSync(file, "utf8").split("--> statement-breakpoint")) {
    await s.db.execute(sql.raw(statement));
  }
}

describe("responses given before anonymous surveys kept only the day", () => {
  it("keep the day only; a confidential survey's keep their times", async () => {
    const anonymous = await publishedSurvey(designer, "Anonymous before the rule");
    const confidential = await publishedSurvey(designer, "Confidential before the rule");
    await s.db.update(survey).set({ anonymous: false }).where(eq(survey.id, confidential));
    const at = (surveyId: string) => ({ orgId: designer.orgId, surveyId });
    // 22:15 in Toronto on 1 March, already 2 March in UTC.
    const late = { startedAt: new Date("2026-03-02T03:05:00Z"), submittedAt: new Date("2026-03-02T03:15:00.123Z") };
    const given = await insertResponse(s.db, s.keyring, at(anonymous), { channel: "invitation", ...late });
    const partial = await insertResponse(s.db, s.keyring, at(anonymous), { status: "partial", ...late });
    const kept = await insertResponse(s.db, s.keyring, at(confidential), { channel: "invitation", ...late });
    await rerunMigration();
    const row = async (id: string) => (await s.db.select().from(response).where(eq(response.id, id)))[0];
    const noon = new Date("2026-03-01T12:00:00Z");
    expect(await row(given)).toMatchObject({
      channel: "invitation",
      startedAt: noon,
      updatedAt: noon,
      submittedAt: noon,
    });
    expect(await row(partial)).toMatchObject({ startedAt: noon, updatedAt: late.submittedAt });
    expect(await row(kept)).toMatchObject({ channel: "invitation", ...late });
    // The append-only rule is back on.
    await expect(
      s.db.update(response).set({ submittedAt: new Date() }).where(eq(response.id, given)),
    ).rejects.toThrow();
  });
});
