import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { auditEvent, organization } from "#app/modules/identity/schema.ts";
import { response } from "#app/modules/responses/schema.ts";
import { benchmarkQuestion, type PeerScore } from "#app/stats/benchmark.ts";
import { demoPeers } from "#db/seed-benchmarking.ts";
import {
  addPeerOrg,
  addRatings,
  addSurvey,
  ratingsAround,
  surveyOf,
  type TestOrg,
} from "#tests/support/benchmark-peers.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import {
  type BenchmarkItem,
  getBenchmark,
  getBenchmarkParticipation,
  getSurveyServiceType,
  optInToBenchmarking,
  optOutOfBenchmarking,
  type SurveyBenchmark,
  setSurveyServiceType,
} from "./benchmarking.server.ts";
import { benchmarkDisclosure, benchmarkParticipation } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let analyst: TenantCtx;
let designer: TenantCtx;
let ontario: TenantCtx;
let passports: string;
let phone: string;

beforeAll(async () => {
  s = await seededServices();
  analyst = await s.tenantCtx("analyst@federal.example", "citizen-services-canada");
  designer = await s.tenantCtx("designer@federal.example", "citizen-services-canada");
  ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
  passports = await surveyOf(s.db, analyst.orgId, "Passport services – in person");
  phone = await surveyOf(s.db, analyst.orgId, "Benefits call centre – telephone");
});

const overall = (b: SurveyBenchmark): BenchmarkItem => {
  if (b.status !== "ready") throw new Error(`benchmark is ${b.status}`);
  const item = b.items.find((i) => i.code === "CORE-OS-01");
  if (!item) throw new Error("no overall item");
  return item;
};

/** A viewer and its own survey: 20 responses around 3.6. */
async function viewer(opts: Parameters<typeof addPeerOrg>[1]): Promise<TestOrg> {
  return addPeerOrg(s.db, { ratings: ratingsAround(3.6, 20), ...opts });
}

describe("the demo", () => {
  it("benchmarks the passport survey against its six federal peers, as computed from their responses", async () => {
    const peerOrgs = await s.db
      .select({ id: organization.id, slug: organization.slug, nameEn: organization.nameEn })
      .from(organization)
      .where(sql`${organization.slug} in ${demoPeers.map((p) => p.slug)}`);
    // The peers' means computed here, apart from the module's SQL, from their raw answers.
    const rows = await s.db
      .select({ org: response.orgId, answers: response.answers, status: response.status })
      .from(response)
      .where(sql`${response.orgId} in ${peerOrgs.map((o) => o.id)}`);
    const licences = new Set(
      peerOrgs
        .filter((o) => demoPeers.find((p) => p.slug === o.slug)?.serviceType === "licences_permits")
        .map((o) => o.id),
    );
    expect(licences.size).toBe(6);
    const scores = (code: string, orgs: Set<string>): PeerScore[] =>
      [...orgs].map((org) => {
        const values = rows
          .filter((r) => r.org === org && r.status === "complete")
          .map((r) => r.answers[code])
          .filter((v): v is number => typeof v === "number")
          .map((v) => (v - 1) * 25);
        return { org, n: values.length, mean: values.reduce((a, b) => a + b, 0) / values.length };
      });
    const own = await s.db
      .select({ answers: response.answers })
      .from(response)
      .where(and(eq(response.orgId, analyst.orgId), eq(response.surveyId, passports), eq(response.status, "complete")));
    const ownValues = own.map((r) => r.answers["CORE-OS-01"]).filter((v): v is number => typeof v === "number");
    const ownMean = ownValues.reduce((a, v) => a + (v - 1) * 25, 0) / ownValues.length;

    const result = await getBenchmark(analyst, passports);
    const item = overall(result);
    const expected = benchmarkQuestion(ownMean, scores("CORE-OS-01", licences), []);
    expect(item.n).toBe(ownValues.length);
    expect(item.result.status).toBe("published");
    if (item.result.status !== "published" || expected.status !== "published") return;
    expect(item.result.peers).toBe(6);
    for (const key of ["own", "median", "q1", "q3", "fromMedian"] as const)
      expect(item.result[key]).toBeCloseTo(expected[key], 9);
    expect(item.result.position).toBe(expected.position);
    // Overall satisfaction and the six drivers at least have their figures.
    if (result.status === "ready")
      expect(result.items.filter((i) => i.result.status === "published").length).toBeGreaterThanOrEqual(7);
    // Nothing names a peer.
    const text = JSON.stringify(result);
    for (const o of peerOrgs) for (const v of [o.id, o.slug, o.nameEn]) expect(text).not.toContain(v);
    // And the peer sets shown are in the register.
    const register = await s.db
      .select({ members: benchmarkDisclosure.members })
      .from(benchmarkDisclosure)
      .where(and(eq(benchmarkDisclosure.orgId, analyst.orgId), eq(benchmarkDisclosure.questionCode, "CORE-OS-01")));
    expect(register.map((r) => [...r.members].sort())).toContainEqual([...licences].sort());
  });

  it("keeps the call centre's benchmark suppressed: only two peers measure benefits by telephone", async () => {
    const result = await getBenchmark(analyst, phone);
    expect(result.status).toBe("ready");
    if (result.status !== "ready") return;
    expect(result.items.every((i) => i.result.status === "suppressed" && i.result.reason === "too-few-peers")).toBe(
      true,
    );
    expect(JSON.stringify(result)).not.toMatch(/"peers"/);
  });
});

describe("who counts as a peer", () => {
  it("counts a peer only with five valid complete responses, and suppresses a set under five", async () => {
    const v = await viewer({ order: "municipal", serviceType: "recreation_culture" });
    const peers = [];
    for (const mean of [2.5, 3, 3.5, 4]) {
      peers.push(
        await addPeerOrg(s.db, {
          order: "municipal",
          serviceType: "recreation_culture",
          ratings: ratingsAround(mean, 8),
        }),
      );
    }
    // Four valid answers, two "not applicable" and unfinished responses: not yet a peer.
    const fifth = await addPeerOrg(s.db, {
      order: "municipal",
      serviceType: "recreation_culture",
      ratings: [5, 5, 4, 4, "na", "na"],
      partial: [5, 5, 5],
    });
    const before = overall(await getBenchmark(v.ctx, v.surveyId)).result;
    expect(before).toEqual({ status: "suppressed", reason: "too-few-peers" });
    await addRatings(s.db, fifth, [5]);
    const after = overall(await getBenchmark(v.ctx, v.surveyId)).result;
    expect(after.status).toBe("published");
    if (after.status === "published") {
      expect(after.peers).toBe(5);
      expect(after.median).toBeCloseTo((3.5 - 1) * 25, 6);
    }
    // The viewer's own answers are never among its peers.
    expect(overall(await getBenchmark(v.ctx, v.surveyId)).n).toBe(20);
  });

  it("leaves out organizations that do not take part, other orders of government, other service types and channels", async () => {
    const v = await viewer({ order: "municipal", serviceType: "health_social", channels: ["telephone", "online"] });
    for (const [mean, channels] of [
      [2, ["telephone"]],
      [2.5, ["online"]],
      [3, ["online", "mail"]],
      [3.5, ["telephone"]],
      [4, ["telephone"]],
    ] as const) {
      await addPeerOrg(s.db, {
        order: "municipal",
        serviceType: "health_social",
        channels: [...channels],
        ratings: ratingsAround(mean, 10),
      });
    }
    const extreme = { ratings: Array.from({ length: 50 }, () => 5), channels: ["telephone"] };
    await addPeerOrg(s.db, { order: "municipal", serviceType: "health_social", optIn: false, ...extreme });
    await addPeerOrg(s.db, { order: "provincial_territorial", serviceType: "health_social", ...extreme });
    await addPeerOrg(s.db, { order: "municipal", serviceType: "taxes_fees", ...extreme });
    await addPeerOrg(s.db, { order: "municipal", serviceType: "health_social", ...extreme, channels: ["in_person"] });
    const result = overall(await getBenchmark(v.ctx, v.surveyId)).result;
    expect(result.status).toBe("published");
    if (result.status !== "published") return;
    expect(result.peers).toBe(5);
    expect(result.median).toBeCloseTo(50, 6);
    expect(result.q3).toBeCloseTo(62.5, 6);
  });

  it("shows nothing to an organization that does not take part, and uses its data for no one", async () => {
    const v = await viewer({ order: "municipal", serviceType: "employment_training", optIn: false });
    const peers = [];
    for (const mean of [2, 3, 3.5, 4, 4.5])
      peers.push(
        await addPeerOrg(s.db, {
          order: "municipal",
          serviceType: "employment_training",
          ratings: ratingsAround(mean, 10),
        }),
      );
    expect(await getBenchmark(v.ctx, v.surveyId)).toEqual({ status: "not-participating" });
    const register = await s.db.select().from(benchmarkDisclosure).where(eq(benchmarkDisclosure.orgId, v.orgId));
    expect(register).toEqual([]);
    // A peer's view: four others that take part, and the one that does not is left out.
    const seen = overall(await getBenchmark(peers[0]?.ctx as TenantCtx, peers[0]?.surveyId as string)).result;
    expect(seen).toEqual({ status: "suppressed", reason: "too-few-peers" });
  });
});

describe("the differencing guard", () => {
  it("suppresses a peer set that differs from one already shown by fewer than five organizations", async () => {
    const v = await viewer({ order: "municipal", serviceType: "inspections_enforcement" });
    const add = (mean: number) =>
      addPeerOrg(s.db, { order: "municipal", serviceType: "inspections_enforcement", ratings: ratingsAround(mean, 6) });
    for (const mean of [2, 2.5, 3, 3.5, 4]) await add(mean);
    const first = overall(await getBenchmark(v.ctx, v.surveyId)).result;
    expect(first.status === "published" && first.peers).toBe(5);
    // One more peer: the two outputs together would give away its mean.
    await add(5);
    expect(overall(await getBenchmark(v.ctx, v.surveyId)).result).toEqual({
      status: "suppressed",
      reason: "differencing",
    });
    // Shown again and again: still suppressed, and the register holds only what was shown.
    expect(overall(await getBenchmark(v.ctx, v.surveyId)).result).toEqual({
      status: "suppressed",
      reason: "differencing",
    });
    // Four more: the new set adds five organizations to the first, a group large enough to show.
    for (const mean of [1.5, 2.5, 3.5, 4.5]) await add(mean);
    const third = overall(await getBenchmark(v.ctx, v.surveyId)).result;
    expect(third.status === "published" && third.peers).toBe(10);
    const register = await s.db
      .select({ members: benchmarkDisclosure.members })
      .from(benchmarkDisclosure)
      .where(and(eq(benchmarkDisclosure.orgId, v.orgId), eq(benchmarkDisclosure.questionCode, "CORE-OS-01")));
    expect(register.map((r) => r.members.length).sort((a, b) => a - b)).toEqual([5, 10]);
  });

  it("decides one view at a time: two surveys viewed at once cannot both show sets that differ by one", async () => {
    const v = await viewer({ order: "municipal", serviceType: "registration", channels: ["in_person"] });
    const other = await addSurvey(s.db, v.orgId, {
      serviceType: "registration",
      channels: ["telephone"],
      ratings: ratingsAround(3, 20),
    });
    for (const mean of [2, 2.5, 3, 3.5, 4])
      await addPeerOrg(s.db, {
        order: "municipal",
        serviceType: "registration",
        channels: ["in_person", "telephone"],
        ratings: ratingsAround(mean, 6),
      });
    await addPeerOrg(s.db, { order: "municipal", serviceType: "registration", ratings: ratingsAround(5, 6) });
    // Connections opened beforehand, so that the two views really run side by side on PostgreSQL.
    await Promise.all([1, 2, 3].map(() => s.db.execute(sql`select pg_sleep(0.05)`)));
    const results = await Promise.all([getBenchmark(v.ctx, v.surveyId), getBenchmark(v.ctx, other)]);
    const statuses = results.map((r) => overall(r).result.status).sort();
    expect(statuses).toEqual(["published", "suppressed"]);
  });
});

describe("permissions and settings", () => {
  it("answers NotFound to another organization's member, and for an unknown survey", async () => {
    await expect(getBenchmark(ontario, passports)).rejects.toMatchObject({ code: "NotFound" });
    await expect(getBenchmark(analyst, "not-a-uuid")).rejects.toMatchObject({ code: "NotFound" });
    await expect(setSurveyServiceType(ontario, passports, "registration")).rejects.toMatchObject({ code: "NotFound" });
    await expect(getSurveyServiceType(ontario, passports)).rejects.toMatchObject({ code: "NotFound" });
  });

  it("lets designers set a survey's service type, audited; a bad value changes nothing", async () => {
    await expect(setSurveyServiceType(analyst, phone, "registration")).rejects.toMatchObject({ code: "Forbidden" });
    await expect(setSurveyServiceType(designer, phone, "spaceflight")).rejects.toMatchObject({
      code: "Invalid",
      key: "benchmark.errors.serviceType",
    });
    expect(await getSurveyServiceType(designer, phone)).toBe("benefits_payments");
    await setSurveyServiceType(designer, phone, "information_enquiries");
    expect(await getSurveyServiceType(analyst, phone)).toBe("information_enquiries");
    const [event] = await s.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.orgId, designer.orgId), eq(auditEvent.action, "survey.service_type_set")));
    expect(event).toMatchObject({
      actorId: designer.userId,
      targetId: phone,
      before: { serviceType: "benefits_payments" },
      after: { serviceType: "information_enquiries" },
    });
    await setSurveyServiceType(designer, phone, "benefits_payments");
  });

  it("lets only organization admins opt in and out, audited once each", async () => {
    await expect(optOutOfBenchmarking(analyst)).rejects.toMatchObject({ code: "Forbidden" });
    await expect(optInToBenchmarking(designer)).rejects.toMatchObject({ code: "Forbidden" });
    expect(await getBenchmarkParticipation(ontario)).toBeNull();
    await optInToBenchmarking(ontario);
    await optInToBenchmarking(ontario);
    expect(await getBenchmarkParticipation(ontario)).not.toBeNull();
    await optOutOfBenchmarking(ontario);
    await optOutOfBenchmarking(ontario);
    expect(await getBenchmarkParticipation(ontario)).toBeNull();
    const events = await s.db
      .select({ action: auditEvent.action, actor: auditEvent.actorId })
      .from(auditEvent)
      .where(and(eq(auditEvent.orgId, ontario.orgId), sql`${auditEvent.action} like 'benchmark.%'`));
    expect(events.map((e) => e.action).sort()).toEqual(["benchmark.opted_in", "benchmark.opted_out"]);
    expect(events.every((e) => e.actor === ontario.userId)).toBe(true);
    const rows = await s.db
      .select()
      .from(benchmarkParticipation)
      .where(eq(benchmarkParticipation.orgId, ontario.orgId));
    expect(rows).toEqual([]);
  });
});
