// The demo organizations' surveys and the story each one's waves tell.
// Pure data and date arithmetic; db/seed.ts writes them.
import type { Driver } from "#app/modules/measure/cmt-bank.ts";
import type { NewSurveyInput } from "#app/modules/measure/surveys.server.ts";
import type { Wave } from "./demo-responses.ts";

export interface DemoPage {
  titleEn: string;
  titleFr: string;
  codes: string[];
  /** Skip logic for every question on the page. */
  showIf?: { code: string; values: string[] };
}

export interface DemoSurvey {
  key: string;
  org: string;
  designer: string;
  survey: NewSurveyInput;
  /** Pages added to the CMT template before version 1. */
  pages: DemoPage[];
  /** The small edit published as version 2, which the latest wave answers. */
  edit: DemoPage;
  /** Mean driver perceptions in the first wave, and what changed in each later one. */
  means: Record<Driver, number>;
  waves: { n: number; change?: Partial<Record<Driver, number>> }[];
  collection: Wave["channels"];
  french: number;
  noStaff: number;
  /** A survey that ended a year ago; the others are still in the field. */
  closed: boolean;
}

const comments = (code: string): DemoPage => ({ titleEn: "Your comments", titleFr: "Vos commentaires", codes: [code] });

export const demoSurveys: DemoSurvey[] = [
  {
    key: "passport-in-person",
    org: "citizen-services-canada",
    designer: "designer@federal.example",
    survey: {
      titleEn: "Passport services – in person",
      titleFr: "Services de passeport – en personne",
      serviceEn: "Passport renewal",
      serviceFr: "Renouvellement de passeport",
      channels: ["in_person"],
      variant: "citizen",
    },
    pages: [{ titleEn: "Waiting", titleFr: "Attente", codes: ["SUP-WAIT-01", "SUP-WAIT-02", "SUP-FAC-12"] }],
    edit: comments("SUP-TXT-01"),
    // A backlog cleared: waits shorten wave after wave, and satisfaction follows.
    means: { timeliness: 2.6, outcome: 3.8, knowledge: 3.9, ease_of_access: 3.4, fairness: 4.0, courtesy: 4.2 },
    waves: [
      { n: 1200 },
      { n: 1400, change: { timeliness: 3.1, outcome: 3.9 } },
      { n: 1600, change: { timeliness: 3.8, outcome: 4.0 } },
    ],
    collection: { web: 7, invitation: 3 },
    french: 0.25,
    noStaff: 0.04,
    closed: false,
  },
  {
    key: "benefits-telephone",
    org: "citizen-services-canada",
    designer: "designer@federal.example",
    survey: {
      titleEn: "Benefits call centre – telephone",
      titleFr: "Centre d'appels des prestations – téléphone",
      serviceEn: "Benefits enquiries",
      serviceFr: "Renseignements sur les prestations",
      channels: ["telephone"],
      variant: "citizen",
    },
    pages: [
      {
        titleEn: "The phone line",
        titleFr: "La ligne téléphonique",
        codes: ["SUP-WAIT-04", "SUP-WAIT-05", "SUP-TEL-03"],
      },
    ],
    edit: comments("SUP-TXT-03"),
    // Fewer agents: reaching a person got harder, and satisfaction fell.
    means: { timeliness: 3.4, outcome: 3.6, knowledge: 3.7, ease_of_access: 3.7, fairness: 3.9, courtesy: 4.1 },
    waves: [{ n: 1000 }, { n: 1100, change: { ease_of_access: 2.8, timeliness: 2.9 } }],
    collection: { staff: 5, invitation: 3, web: 2 },
    french: 0.3,
    noStaff: 0.02,
    closed: true,
  },
  {
    key: "business-registration-online",
    org: "ontario-service-delivery",
    designer: "admin@ontario.example",
    survey: {
      titleEn: "Business registration – online",
      titleFr: "Enregistrement des entreprises – en ligne",
      serviceEn: "Business name registration",
      serviceFr: "Enregistrement de dénomination sociale",
      channels: ["online"],
      variant: "business",
    },
    pages: [
      { titleEn: "Online service", titleFr: "Service en ligne", codes: ["SUP-WEB-05", "SUP-WEB-07", "DEM-BIZ-01"] },
    ],
    edit: { titleEn: "Red tape", titleFr: "Paperasserie", codes: ["SUP-BUS-18"] },
    // A redesigned online form: much easier access, a little faster.
    means: { timeliness: 3.6, outcome: 3.9, knowledge: 3.6, ease_of_access: 3.1, fairness: 3.9, courtesy: 3.9 },
    waves: [
      { n: 1000 },
      { n: 1200, change: { ease_of_access: 3.5, timeliness: 3.8 } },
      { n: 1300, change: { ease_of_access: 4.1, timeliness: 4.0 } },
    ],
    collection: { web: 8, invitation: 2 },
    french: 0.06,
    noStaff: 0.2,
    closed: false,
  },
  {
    key: "licensing-in-person",
    org: "ontario-service-delivery",
    designer: "admin@ontario.example",
    survey: {
      titleEn: "Driver and vehicle licensing – in person",
      titleFr: "Permis de conduire et immatriculation – en personne",
      serviceEn: "Driver's licence renewal",
      serviceFr: "Renouvellement du permis de conduire",
      channels: ["in_person"],
      variant: "citizen",
    },
    pages: [{ titleEn: "Waiting", titleFr: "Attente", codes: ["SUP-WAIT-01", "SUP-WAIT-02", "SUP-STF-02"] }],
    edit: comments("SUP-TXT-02"),
    // Counter staff took the service-knowledge course between the waves.
    means: { timeliness: 3.3, outcome: 3.9, knowledge: 3.3, ease_of_access: 3.6, fairness: 4.0, courtesy: 4.0 },
    waves: [{ n: 1100 }, { n: 1300, change: { knowledge: 3.9, courtesy: 4.1 } }],
    collection: { web: 6, invitation: 4 },
    french: 0.08,
    noStaff: 0.03,
    closed: false,
  },
  {
    key: "ottawa-311",
    org: "ottawa-client-services",
    designer: "admin@ottawa.example",
    survey: {
      titleEn: "311 contact centre",
      titleFr: "Centre d'appels 311",
      serviceEn: "311 service requests",
      serviceFr: "Demandes de service au 311",
      channels: ["telephone", "online"],
      variant: "citizen",
    },
    pages: [
      { titleEn: "How you reached us", titleFr: "Comment vous nous avez joints", codes: ["SUP-MUN-01", "SUP-MUN-02"] },
      {
        titleEn: "Your call",
        titleFr: "Votre appel",
        codes: ["SUP-MUN-03"],
        showIf: { code: "SUP-MUN-02", values: ["phone"] },
      },
    ],
    edit: comments("SUP-TXT-01"),
    // Service requests are closed sooner each year.
    means: { timeliness: 3.2, outcome: 3.4, knowledge: 3.8, ease_of_access: 3.6, fairness: 3.8, courtesy: 4.2 },
    waves: [
      { n: 1000 },
      { n: 1200, change: { timeliness: 3.5, outcome: 3.6 } },
      { n: 1400, change: { timeliness: 3.8, outcome: 3.7 } },
    ],
    collection: { web: 5, staff: 3, invitation: 2 },
    french: 0.35,
    noStaff: 0.1,
    closed: false,
  },
  {
    key: "ottawa-building-permits",
    org: "ottawa-client-services",
    designer: "admin@ottawa.example",
    survey: {
      titleEn: "Building permit applications",
      titleFr: "Demandes de permis de construire",
      serviceEn: "Residential building permits",
      serviceFr: "Permis de construire résidentiels",
      channels: ["online", "in_person"],
      variant: "citizen",
    },
    pages: [{ titleEn: "Time to a decision", titleFr: "Délai de décision", codes: ["SUP-WAIT-07", "SUP-WAIT-09"] }],
    edit: comments("SUP-TXT-03"),
    // Slow decisions, barely better after online submission arrived.
    means: { timeliness: 2.7, outcome: 3.2, knowledge: 3.6, ease_of_access: 3.3, fairness: 3.6, courtesy: 4.0 },
    waves: [{ n: 900 }, { n: 1000, change: { timeliness: 2.9, ease_of_access: 3.6 } }],
    collection: { web: 7, invitation: 3 },
    french: 0.35,
    noStaff: 0.15,
    closed: true,
  },
];

const FIELD_DAYS = 70;
const DAY = 86_400_000;

/**
 * Each wave as a fielding period: yearly, ten weeks long. An open survey's
 * latest wave ends the day before `today`; a closed survey's, a year earlier.
 * Means carry over from one wave to the next unless changed.
 */
export function wavesOf(demo: DemoSurvey, today: Date): Wave[] {
  let means = demo.means;
  return demo.waves.map((w, index) => {
    means = { ...means, ...w.change };
    const yearsAgo = demo.waves.length - 1 - index + (demo.closed ? 1 : 0);
    const to = new Date(Date.UTC(today.getUTCFullYear() - yearsAgo, today.getUTCMonth(), today.getUTCDate()) - DAY);
    return {
      n: w.n,
      from: new Date(to.getTime() - FIELD_DAYS * DAY),
      to,
      means,
      expectation: 3.8,
      french: demo.french,
      channels: demo.collection,
      noStaff: demo.noStaff,
      partial: 0.06,
      serviceChannels: demo.survey.channels,
    };
  });
}
