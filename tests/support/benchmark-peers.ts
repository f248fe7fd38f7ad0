// Organizations, surveys and responses made to measure for benchmarking tests:
// each answers overall satisfaction (CORE-OS-01) only, with the ratings given.
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { organization } from "#app/modules/identity/schema.ts";
import { benchmarkParticipation, surveyBenchmark } from "#app/modules/insights/schema.ts";
import type { ServiceType } from "#app/modules/insights/service-types.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { response } from "#app/modules/responses/schema.ts";
import type { Db } from "#db/client.ts";

export type Order = "federal" | "provincial_territorial" | "municipal" | "international";

export interface TestOrg {
  orgId: string;
  slug: string;
  surveyId: string;
  /** An analyst's context in the organization (no account behind it: enough for reading). */
  ctx: TenantCtx;
}

export async function addPeerOrg(
  db: Db,
  opts: {
    order: Order;
    serviceType: ServiceType;
    channels?: string[];
    optIn?: boolean;
    /** Ratings 1–5 or "na" of CORE-OS-01, one complete response each. */
    ratings?: (number | "na")[];
    /** Ratings of unfinished responses: never results. */
    partial?: number[];
  },
): Promise<TestOrg> {
  const slug = `peer-${randomUUID().slice(0, 12)}`;
  const [org] = await db
    .insert(organization)
    .values({ slug, nameEn: `Peer ${slug}`, nameFr: `Pair ${slug}`, orderOfGovernment: opts.order, jurisdiction: "CA" })
    .returning({ id: organization.id });
  const orgId = org?.id as string;
  if (opts.optIn ?? true) await db.insert(benchmarkParticipation).values({ orgId });
  const surveyId = await addSurvey(db, orgId, opts);
  const ctx: TenantCtx = {
    db,
    userId: `analyst-${slug}`,
    email: `analyst@${slug}.example`,
    name: "Analyst",
    orgId,
    orgSlug: slug,
    roles: ["analyst"],
  };
  return { orgId, slug, surveyId, ctx };
}

/** Another survey of the organization, with its service type and its responses. */
export async function addSurvey(
  db: Db,
  orgId: string,
  opts: { serviceType: ServiceType; channels?: string[]; ratings?: (number | "na")[]; partial?: number[] },
): Promise<string> {
  const [row] = await db
    .insert(survey)
    .values({
      orgId,
      titleEn: "Test service",
      titleFr: "Service d'essai",
      serviceEn: "Test",
      serviceFr: "Essai",
      channels: opts.channels ?? ["in_person"],
      variant: "citizen",
      status: "published",
      draft: { pages: [] },
      publishedVersion: 1,
    })
    .returning({ id: survey.id });
  const surveyId = row?.id as string;
  await db.insert(surveyBenchmark).values({ orgId, surveyId, serviceType: opts.serviceType });
  await addRatings(db, { orgId, surveyId }, opts.ratings ?? []);
  if (opts.partial?.length) await addRatings(db, { orgId, surveyId }, opts.partial, "partial");
  return surveyId;
}

export async function addRatings(
  db: Db,
  org: Pick<TestOrg, "orgId" | "surveyId">,
  ratings: (number | "na")[],
  status: "complete" | "partial" = "complete",
) {
  if (ratings.length === 0) return;
  const now = new Date();
  await db.insert(response).values(
    ratings.map((r) => ({
      orgId: org.orgId,
      surveyId: org.surveyId,
      version: 1,
      status,
      channel: "web" as const,
      lang: "en" as const,
      answers: { "CORE-OS-01": r },
      submittedAt: status === "complete" ? now : null,
    })),
  );
}

export async function setParticipation(db: Db, orgId: string, optIn: boolean) {
  if (optIn) await db.insert(benchmarkParticipation).values({ orgId }).onConflictDoNothing();
  else await db.delete(benchmarkParticipation).where(eq(benchmarkParticipation.orgId, orgId));
}

/** Removes test organizations and, by cascade, all they own. */
export async function removeOrgs(db: Db, orgIds: string[]) {
  if (orgIds.length > 0) await db.delete(organization).where(inArray(organization.id, orgIds));
}

/** n ratings whose mean is close to `mean` (1–5), e.g. ratingsAround(3.4, 10). */
export function ratingsAround(mean: number, n: number): number[] {
  const low = Math.floor(mean);
  const highs = Math.round((mean - low) * n);
  return Array.from({ length: n }, (_, i) => Math.min(5, i < highs ? low + 1 : low));
}

export async function surveyOf(db: Db, orgId: string, titleEn: string): Promise<string> {
  const [row] = await db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, orgId), eq(survey.titleEn, titleEn)));
  if (!row) throw new Error(`no survey ${titleEn}`);
  return row.id;
}
