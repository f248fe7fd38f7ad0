// The kinds of service benchmarking compares. A survey says which one it
// measures; its peers are surveys of the same kind (with the same order of
// government and a shared channel). A fixed list, so that two organizations
// describing the same kind of service land in the same group. Codes are
// stored: never rename one, add a new one instead.

export const serviceTypes = [
  {
    code: "licences_permits",
    en: "Licences, permits and identity documents",
    fr: "Permis, licences et pièces d'identité",
  },
  { code: "benefits_payments", en: "Benefits and payments", fr: "Prestations et paiements" },
  { code: "information_enquiries", en: "Information and enquiries", fr: "Information et renseignements" },
  { code: "registration", en: "Registrations and records", fr: "Inscriptions et registres" },
  { code: "taxes_fees", en: "Taxes, fees and fines", fr: "Impôts, droits et amendes" },
  { code: "inspections_enforcement", en: "Inspections and enforcement", fr: "Inspections et application de la loi" },
  { code: "recreation_culture", en: "Recreation and culture", fr: "Loisirs et culture" },
  {
    code: "local_services",
    en: "Local service requests (roads, waste, water)",
    fr: "Demandes de services locaux (voirie, déchets, eau)",
  },
  { code: "health_social", en: "Health and social services", fr: "Services sociaux et de santé" },
  { code: "employment_training", en: "Employment and training", fr: "Emploi et formation" },
] as const;

export type ServiceType = (typeof serviceTypes)[number]["code"];

export const serviceTypeCodes = serviceTypes.map((s) => s.code) as [ServiceType, ...ServiceType[]];

export function isServiceType(value: unknown): value is ServiceType {
  return typeof value === "string" && (serviceTypeCodes as readonly string[]).includes(value);
}

/** The service type's name in a language. */
export function serviceTypeLabel(code: ServiceType, lang: "en" | "fr"): string {
  return serviceTypes.find((s) => s.code === code)?.[lang] ?? code;
}
