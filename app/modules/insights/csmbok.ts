// Closing the loop: each CMT driver of satisfaction mapped to the topics of
// the Certified Service Manager Body of Knowledge (CSMBoK) that address it,
// and to the certification programs whose courses teach them. Pure data,
// shared by the dashboard, share links and reports. The mapping is our own
// reading of the CSMBoK's five areas; the course pages come with Learn &
// Certify, so nothing here links anywhere yet.
import type { Driver } from "#app/modules/measure/cmt-bank.ts";

export const csmbokTopics = {
  service_improvement: { en: "Service improvement", fr: "Amélioration du service" },
  service_access: { en: "Service access", fr: "Accès aux services" },
  service_standards: { en: "Service standards", fr: "Normes de service" },
  service_management: { en: "Service management", fr: "Gestion du service" },
  emerging_trends: {
    en: "Emerging trends in service delivery",
    fr: "Nouvelles tendances de la prestation de services",
  },
} as const;
export type CsmbokTopic = keyof typeof csmbokTopics;

export const certificationPrograms = {
  CSP: {
    en: "Certified Service Professional (CSP)",
    fr: "Professionnel certifié en service (CSP)",
    audienceEn: "front-line staff",
    audienceFr: "personnel de première ligne",
  },
  CSM: {
    en: "Certified Service Manager (CSM)",
    fr: "Gestionnaire certifié en service (CSM)",
    audienceEn: "managers and supervisors of service delivery",
    audienceFr: "gestionnaires et superviseurs de la prestation de services",
  },
} as const;
export type CertificationProgram = keyof typeof certificationPrograms;

export interface DriverLearning {
  topics: CsmbokTopic[];
  /** The programs whose courses teach the topics, the one closest to the driver first. */
  programs: CertificationProgram[];
  /** What the courses help people do about this driver. */
  focusEn: string;
  focusFr: string;
}

export const driverLearning: Record<Driver, DriverLearning> = {
  timeliness: {
    topics: ["service_standards", "service_improvement"],
    programs: ["CSM", "CSP"],
    focusEn: "Set and publish time standards, measure waits against them, and redesign the steps that cause delay.",
    focusFr:
      "Fixer et publier des normes de délai, mesurer l’attente par rapport à celles-ci et revoir les étapes qui causent des retards.",
  },
  knowledge: {
    topics: ["service_management", "service_improvement"],
    programs: ["CSP", "CSM"],
    focusEn: "Build staff knowledge of the service and the tools to find answers the first time.",
    focusFr:
      "Renforcer la connaissance du service chez le personnel et les outils pour trouver la réponse du premier coup.",
  },
  courtesy: {
    topics: ["service_standards", "service_management"],
    programs: ["CSP", "CSM"],
    focusEn: "Practise respectful, attentive service and coach it as a standard of conduct.",
    focusFr: "Offrir un service respectueux et attentif, et l’encadrer comme une norme de conduite.",
  },
  fairness: {
    topics: ["service_standards", "service_access"],
    programs: ["CSM", "CSP"],
    focusEn: "Apply the same rules to everyone, explain decisions, and remove barriers some clients face.",
    focusFr:
      "Appliquer les mêmes règles à tous, expliquer les décisions et lever les obstacles que rencontrent certains clients.",
  },
  outcome: {
    topics: ["service_improvement", "service_management"],
    programs: ["CSM", "CSP"],
    focusEn: "Find out why clients leave without what they needed and fix the process, not only the contact.",
    focusFr:
      "Comprendre pourquoi des clients repartent sans avoir obtenu ce qu’il leur fallait et corriger le processus, pas seulement l’échange.",
  },
  ease_of_access: {
    topics: ["service_access", "emerging_trends"],
    programs: ["CSM", "CSP"],
    focusEn: "Make the service easy to find and reach in every channel, digital ones included.",
    focusFr: "Rendre le service facile à trouver et à joindre par tous les modes, y compris numériques.",
  },
};

/** The learning that addresses a driver, or null for a driver the CMT does not name. */
export function learningFor(driver: string | null): DriverLearning | null {
  return driver && driver in driverLearning ? driverLearning[driver as Driver] : null;
}
