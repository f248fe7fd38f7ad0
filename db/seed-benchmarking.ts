// Benchmarking in the demo. Citizen Services Canada takes part, every demo
// survey says which service it measures, and small federal organizations (no
// accounts: they exist only as peers) run one survey each. Six of them measure
// licences and permits in person, so the passport survey has real figures;
// only two measure benefits by telephone, so the call centre's benchmark stays
// suppressed. Written in bulk: seeding stays fast.
import { and, eq } from "drizzle-orm";
import { recordAudit } from "#app/modules/identity/audit.server.ts";
import { organization } from "#app/modules/identity/schema.ts";
import { benchmarkParticipation, surveyBenchmark } from "#app/modules/insights/schema.ts";
import type { ServiceType } from "#app/modules/insights/service-types.ts";
import type { Driver } from "#app/modules/measure/cmt-bank.ts";
import { survey, surveyVersion } from "#app/modules/measure/schema.ts";
import { isFreeText } from "#app/modules/responses/answers.ts";
import { response } from "#app/modules/responses/schema.ts";
import { seedFrom } from "#app/stats/random.ts";
import type { Db } from "./client.ts";
import { anonymousRow, generateResponses, type Wave } from "./demo-responses.ts";
import { INSERT_BATCH, type SeededSurvey } from "./seed-surveys.ts";

/** The service type of each demo survey, by key. */
export const demoServiceTypes: Record<string, ServiceType> = {
  "passport-in-person": "licences_permits",
  "benefits-telephone": "benefits_payments",
  "business-registration-online": "registration",
  "licensing-in-person": "licences_permits",
  "ottawa-311": "local_services",
  "ottawa-building-permits": "licences_permits",
};

/** Organizations that take part in benchmarking in the demo. */
export const demoBenchmarkingOrgs = ["citizen-services-canada"];

interface PeerSeed {
  slug: string;
  nameEn: string;
  nameFr: string;
  titleEn: string;
  titleFr: string;
  serviceType: ServiceType;
  channels: string[];
  n: number;
  /** How much better (or worse) than the passport office's first wave each driver is perceived. */
  lift: number;
}

export const demoPeers: PeerSeed[] = [
  peer("federal-licensing-bureau", "Federal Licensing Bureau", "Bureau fédéral des licences", 140, 0.4),
  peer("marine-licensing-service", "Marine Licensing Service", "Service des permis maritimes", 60, -0.2),
  peer("aviation-licensing-office", "Aviation Licensing Office", "Bureau des licences aéronautiques", 110, 0.1),
  peer("fisheries-permits-service", "Fisheries Permits Service", "Service des permis de pêche", 90, -0.4),
  peer("radio-licensing-office", "Radio Licensing Office", "Bureau des licences de radiocommunication", 75, 0.6),
  {
    ...peer(
      "citizenship-certificates-office",
      "Citizenship Certificates Office",
      "Bureau des certificats de citoyenneté",
      130,
      0.25,
    ),
    channels: ["in_person", "mail"],
  },
  {
    ...peer(
      "veterans-benefits-service",
      "Veterans Benefits Service",
      "Service des prestations aux anciens combattants",
      120,
      0.3,
    ),
    serviceType: "benefits_payments",
    channels: ["telephone"],
    titleEn: "Benefits enquiries – telephone",
    titleFr: "Renseignements sur les prestations – téléphone",
  },
  {
    ...peer("pension-payments-centre", "Pension Payments Centre", "Centre de paiement des pensions", 80, -0.1),
    serviceType: "benefits_payments",
    channels: ["telephone"],
    titleEn: "Pension payments – telephone",
    titleFr: "Paiements de pension – téléphone",
  },
];

function peer(slug: string, nameEn: string, nameFr: string, n: number, lift: number): PeerSeed {
  return {
    slug,
    nameEn,
    nameFr,
    titleEn: "Licences and permits – in person",
    titleFr: "Permis et licences – en personne",
    serviceType: "licences_permits",
    channels: ["in_person"],
    n,
    lift,
  };
}

const FIRST_WAVE: Record<Driver, number> = {
  timeliness: 3.0,
  outcome: 3.7,
  knowledge: 3.7,
  ease_of_access: 3.4,
  fairness: 3.9,
  courtesy: 4.0,
};
const DAY = 86_400_000;

/**
 * Opts the demo's benchmarking organizations in, types the demo surveys and
 * writes the peers. Their surveys copy the passport survey's first version:
 * the core questions are the same in every CMT survey.
 */
export async function seedDemoBenchmarking(db: Db, seeded: Map<string, SeededSurvey>, today: Date) {
  const template = seeded.get("passport-in-person");
  if (!template) return;
  const [source] = await db
    .select({ draft: survey.draft, definition: surveyVersion.definition })
    .from(survey)
    .innerJoin(surveyVersion, and(eq(surveyVersion.orgId, survey.orgId), eq(surveyVersion.surveyId, survey.id)))
    .where(and(eq(survey.orgId, template.orgId), eq(survey.id, template.surveyId), eq(surveyVersion.version, 1)));
  if (!source) return;
  const freeText = new Set(
    source.definition.pages.flatMap((p) => p.items.filter((i) => isFreeText(i.question)).map((i) => i.code)),
  );
  const to = new Date(today.getTime() - DAY);
  const from = new Date(to.getTime() - 70 * DAY);

  await db.transaction(async (tx) => {
    const demoOrgs = await tx.select({ id: organization.id, slug: organization.slug }).from(organization);
    for (const org of demoOrgs.filter((o) => demoBenchmarkingOrgs.includes(o.slug))) {
      await tx.insert(benchmarkParticipation).values({ orgId: org.id });
      await recordAudit(
        tx,
        { orgId: org.id, userId: null, email: null },
        { action: "benchmark.opted_in", targetType: "organization", targetId: org.id, after: { source: "demo seed" } },
      );
    }
    await tx.insert(surveyBenchmark).values(
      [...seeded].flatMap(([key, s]) => {
        const serviceType = demoServiceTypes[key];
        return serviceType ? [{ orgId: s.orgId, surveyId: s.surveyId, serviceType }] : [];
      }),
    );

    const orgs = await tx
      .insert(organization)
      .values(
        demoPeers.map((p) => ({
          slug: p.slug,
          nameEn: p.nameEn,
          nameFr: p.nameFr,
          orderOfGovernment: "federal" as const,
          jurisdiction: "CA",
        })),
      )
      .returning({ id: organization.id, slug: organization.slug });
    const orgId = new Map(orgs.map((o) => [o.slug, o.id]));
    const at = (p: PeerSeed) => orgId.get(p.slug) as string;
    await tx.insert(benchmarkParticipation).values(orgs.map((o) => ({ orgId: o.id })));
    const surveys = await tx
      .insert(survey)
      .values(
        demoPeers.map((p) => ({
          orgId: at(p),
          titleEn: p.titleEn,
          titleFr: p.titleFr,
          serviceEn: p.titleEn,
          serviceFr: p.titleFr,
          channels: p.channels,
          variant: "citizen" as const,
          status: "published" as const,
          draft: source.draft,
          draftChanged: false,
          publishedVersion: 1,
          createdAt: new Date(from.getTime() - 21 * DAY),
        })),
      )
      .returning({ orgId: survey.orgId, id: survey.id });
    const surveyId = new Map(surveys.map((s) => [s.orgId, s.id]));
    await tx.insert(surveyVersion).values(
      demoPeers.map((p) => ({
        orgId: at(p),
        surveyId: surveyId.get(at(p)) as string,
        version: 1,
        definition: source.definition,
        publishedAt: new Date(from.getTime() - 7 * DAY),
      })),
    );
    await tx
      .insert(surveyBenchmark)
      .values(
        demoPeers.map((p) => ({ orgId: at(p), surveyId: surveyId.get(at(p)) as string, serviceType: p.serviceType })),
      );

    const rows = demoPeers.flatMap((p) => {
      const means = Object.fromEntries(Object.entries(FIRST_WAVE).map(([d, m]) => [d, m + p.lift])) as Record<
        Driver,
        number
      >;
      const wave: Wave = {
        n: p.n,
        from,
        to,
        means,
        expectation: 3.8,
        french: 0.25,
        channels: { web: 7, invitation: 3 },
        noStaff: 0.04,
        partial: 0.06,
        serviceChannels: p.channels,
      };
      return generateResponses(source.definition, wave, seedFrom(`peer/${p.slug}`)).map((r) => ({
        orgId: at(p),
        surveyId: surveyId.get(at(p)) as string,
        version: 1,
        status: r.status,
        channel: r.channel,
        ...anonymousRow(r),
        lang: r.lang,
        pagesDone: r.pagesDone,
        // The peers' comments are never read: leave them out rather than seal them.
        answers: Object.fromEntries(Object.entries(r.answers).filter(([code]) => !freeText.has(code))),
      }));
    });
    for (let i = 0; i < rows.length; i += INSERT_BATCH)
      await tx.insert(response).values(rows.slice(i, i + INSERT_BATCH));
  });
}
