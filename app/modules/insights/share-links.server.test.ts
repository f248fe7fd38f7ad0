import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { auditEvent } from "#app/modules/identity/schema.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { OVERALL_CODE } from "./questions.ts";
import { loadResponseSet } from "./response-set.server.ts";
import { analyzeResults } from "./results.ts";
import { resultsShareLink } from "./schema.ts";
import {
  createShareLink,
  findShareLinks,
  getSharedDashboard,
  getShareOptions,
  openShareLink,
  revokeShareLink,
} from "./share-links.server.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let analyst: TenantCtx;
let designer: TenantCtx;
let ontario: TenantCtx;
let passports: string;

beforeAll(async () => {
  s = await seededServices();
  analyst = await s.tenantCtx("analyst@federal.example", "citizen-services-canada");
  designer = await s.tenantCtx("designer@federal.example", "citizen-services-canada");
  ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
  const [row] = await s.db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, analyst.orgId), eq(survey.titleEn, "Passport services – in person")));
  passports = row?.id ?? "";
});

const auditOf = (id: string) =>
  s.db
    .select({
      action: auditEvent.action,
      actorEmail: auditEvent.actorEmail,
      before: auditEvent.before,
      after: auditEvent.after,
    })
    .from(auditEvent)
    .where(and(eq(auditEvent.orgId, analyst.orgId), eq(auditEvent.targetId, id)))
    .orderBy(auditEvent.at);

describe("results share links", () => {
  it("show the results without an account, leaving out open questions and the chosen ones", async () => {
    const options = await getShareOptions(analyst, passports);
    expect(options.freeText.length).toBeGreaterThan(0);
    expect(await getSharedDashboard(s.db, "x".repeat(43))).toBeNull();
    const left = options.questions.find((q) => q.type === "scale5" && q.code !== OVERALL_CODE)?.code ?? "";
    const { id, token } = await createShareLink(analyst, passports, {
      label: "Regional directors",
      excluded: [left],
      expiresAt: null,
    });
    expect(token).toMatch(/^[\w-]{43}$/);
    // Only the token's hash is stored.
    const [stored] = await s.db.select().from(resultsShareLink).where(eq(resultsShareLink.id, id));
    expect(stored?.tokenHash).not.toContain(token);
    expect(stored?.excluded.sort()).toEqual([left, ...options.freeText].sort());

    const shared = await getSharedDashboard(s.db, token);
    const view = shared?.view;
    expect(view?.n).toBeGreaterThan(500);
    expect(view?.scores.map((q) => q.code)).not.toContain(left);
    expect(view?.scores.length).toBeGreaterThan(5);
    expect(view?.drivers?.items.map((d) => d.code)).not.toContain(left);
    expect(view?.priorities.map((d) => d.code)).not.toContain(left);
    expect(view?.filterQuestions.map((q) => q.code)).not.toContain(left);
    expect(JSON.stringify(view)).not.toContain(`"${left}"`);
    expect(view?.headline?.code).toBe(OVERALL_CODE);
    // The model is fitted without the left-out driver, so R² and the other
    // drivers' shares say nothing about it.
    const all = await loadResponseSet(analyst, passports, {});
    const drivers = all.questions.drivers.map((d) => d.code).filter((code) => code !== left);
    expect(drivers).toHaveLength(all.questions.drivers.length - 1);
    expect(view?.weighting.applied).toBe(false);
    const refit = analyzeResults(all.rows, { overall: OVERALL_CODE, drivers, scales: [OVERALL_CODE, ...drivers] });
    expect(view?.drivers?.r2).toBeCloseTo(refit.drivers?.r2 ?? NaN, 9);
    for (const d of view?.drivers?.items ?? [])
      expect(d.importance).toBeCloseTo(refit.drivers?.items.find((i) => i.item === d.code)?.importance ?? NaN, 9);
    const [viewed] = await findShareLinks(designer, passports);
    expect(viewed).toMatchObject({ id, label: "Regional directors", status: "active", createdBy: expect.any(String) });
    expect(viewed?.lastViewedAt).toBeInstanceOf(Date);

    await revokeShareLink(designer, passports, id);
    expect(await getSharedDashboard(s.db, token)).toBeNull();
    expect((await findShareLinks(analyst, passports)).find((l) => l.id === id)?.status).toBe("revoked");
    await expect(revokeShareLink(designer, passports, id)).rejects.toMatchObject({ code: "NotFound" });
    expect(await auditOf(id)).toEqual([
      {
        action: "results_share_link.created",
        actorEmail: "analyst@federal.example",
        before: null,
        after: { surveyId: passports, label: "Regional directors", excluded: stored?.excluded, expiresAt: null },
      },
      {
        action: "results_share_link.revoked",
        actorEmail: "designer@federal.example",
        before: { surveyId: passports, label: "Regional directors" },
        after: null,
      },
    ]);
  });

  it("stop working once expired", async () => {
    const { id, token } = await createShareLink(analyst, passports, {
      label: "Short-lived",
      excluded: [],
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    expect(await openShareLink(s.db, token)).not.toBeNull();
    await s.db
      .update(resultsShareLink)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(resultsShareLink.id, id));
    expect(await openShareLink(s.db, token)).toBeNull();
    expect((await findShareLinks(analyst, passports)).find((l) => l.id === id)?.status).toBe("expired");
  });

  it("refuse unknown questions and a past end date, writing nothing", async () => {
    const before = (await findShareLinks(analyst, passports)).length;
    await expect(
      createShareLink(analyst, passports, { label: "Bad", excluded: ["NOPE-01"], expiresAt: null }),
    ).rejects.toMatchObject({ code: "Invalid", key: "shareLinks.errors.excluded" });
    await expect(
      createShareLink(analyst, passports, { label: "Bad", excluded: [], expiresAt: new Date(Date.now() - 1) }),
    ).rejects.toMatchObject({ code: "Invalid", key: "shareLinks.errors.past" });
    expect(await findShareLinks(analyst, passports)).toHaveLength(before);
  });

  it("are another organization's business: 404", async () => {
    const { id } = await createShareLink(analyst, passports, { label: "Ours", excluded: [], expiresAt: null });
    await expect(getShareOptions(ontario, passports)).rejects.toMatchObject({ code: "NotFound" });
    await expect(
      createShareLink(ontario, passports, { label: "Theirs", excluded: [], expiresAt: null }),
    ).rejects.toMatchObject({ code: "NotFound" });
    await expect(revokeShareLink(ontario, passports, id)).rejects.toMatchObject({ code: "NotFound" });
    expect(await findShareLinks(ontario, passports)).toEqual([]);
  });
});
