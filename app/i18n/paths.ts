// The URL table: every page has a path in each official language, so URLs read
// naturally in the user's language and the toggle can go to the same page.
// Used by routes.ts to build the route table and by links and redirects.

export const langs = ["en", "fr"] as const;
export type Lang = (typeof langs)[number];

export const pages = {
  home: { file: "routes/home.tsx", en: "", fr: "" },
  signUp: { file: "routes/sign-up.tsx", en: "sign-up", fr: "inscription" },
  signIn: { file: "routes/sign-in.tsx", en: "sign-in", fr: "connexion" },
  signInTwoFactor: {
    file: "routes/sign-in-two-factor.tsx",
    en: "sign-in/two-factor",
    fr: "connexion/deux-facteurs",
  },
  signOut: { file: "routes/sign-out.tsx", en: "sign-out", fr: "deconnexion" },
  verifyEmail: { file: "routes/verify-email.tsx", en: "verify-email", fr: "verifier-courriel" },
  forgotPassword: {
    file: "routes/forgot-password.tsx",
    en: "forgot-password",
    fr: "mot-de-passe-oublie",
  },
  resetPassword: {
    file: "routes/reset-password.tsx",
    en: "reset-password",
    fr: "reinitialiser-mot-de-passe",
  },
  account: { file: "routes/account.tsx", en: "account", fr: "compte" },
  accountSecurity: {
    file: "routes/account-security.tsx",
    en: "account/security",
    fr: "compte/securite",
  },
  invitation: { file: "routes/invitation.tsx", en: "invitations/:token", fr: "invitations/:token" },
  orgHome: { file: "routes/org-home.tsx", en: "orgs/:org", fr: "organisations/:org" },
  orgMembers: {
    file: "routes/org-members.tsx",
    en: "orgs/:org/members",
    fr: "organisations/:org/membres",
  },
  orgMemberInvite: {
    file: "routes/org-member-invite.tsx",
    en: "orgs/:org/members/invite",
    fr: "organisations/:org/membres/inviter",
  },
  orgMember: {
    file: "routes/org-member.tsx",
    en: "orgs/:org/members/:userId",
    fr: "organisations/:org/membres/:userId",
  },
  orgAudit: { file: "routes/org-audit.tsx", en: "orgs/:org/audit", fr: "organisations/:org/journal" },
  orgSettings: {
    file: "routes/org-settings.tsx",
    en: "orgs/:org/settings",
    fr: "organisations/:org/parametres",
  },
  orgSso: {
    file: "routes/org-sso.tsx",
    en: "orgs/:org/settings/single-sign-on",
    fr: "organisations/:org/parametres/authentification-unique",
  },
  questionBank: {
    file: "routes/question-bank.tsx",
    en: "orgs/:org/question-bank",
    fr: "organisations/:org/banque-de-questions",
  },
  questionBankNew: {
    file: "routes/question-bank-new.tsx",
    en: "orgs/:org/question-bank/new",
    fr: "organisations/:org/banque-de-questions/nouvelle",
  },
  questionBankItem: {
    file: "routes/question-bank-item.tsx",
    en: "orgs/:org/question-bank/:code",
    fr: "organisations/:org/banque-de-questions/:code",
  },
  surveys: { file: "routes/surveys.tsx", en: "orgs/:org/surveys", fr: "organisations/:org/sondages" },
  surveyNew: {
    file: "routes/survey-new.tsx",
    en: "orgs/:org/surveys/new",
    fr: "organisations/:org/sondages/nouveau",
  },
  survey: {
    file: "routes/survey.tsx",
    en: "orgs/:org/surveys/:surveyId",
    fr: "organisations/:org/sondages/:surveyId",
  },
  surveySettings: {
    file: "routes/survey-settings.tsx",
    en: "orgs/:org/surveys/:surveyId/settings",
    fr: "organisations/:org/sondages/:surveyId/parametres",
  },
  surveyPreview: {
    file: "routes/survey-preview.tsx",
    en: "orgs/:org/surveys/:surveyId/preview",
    fr: "organisations/:org/sondages/:surveyId/apercu",
  },
  surveyExport: {
    file: "routes/survey-export.tsx",
    en: "orgs/:org/surveys/:surveyId/export",
    fr: "organisations/:org/sondages/:surveyId/exporter",
  },
  surveyReport: {
    file: "routes/survey-report.tsx",
    en: "orgs/:org/surveys/:surveyId/results/report",
    fr: "organisations/:org/sondages/:surveyId/resultats/rapport",
  },
  surveyDistribution: {
    file: "routes/survey-distribution.tsx",
    en: "orgs/:org/surveys/:surveyId/distribution",
    fr: "organisations/:org/sondages/:surveyId/diffusion",
  },
  surveyResults: {
    file: "routes/survey-results.tsx",
    en: "orgs/:org/surveys/:surveyId/results",
    fr: "organisations/:org/sondages/:surveyId/resultats",
  },
  surveyCrosstab: {
    file: "routes/survey-crosstab.tsx",
    en: "orgs/:org/surveys/:surveyId/results/cross-tab",
    fr: "organisations/:org/sondages/:surveyId/resultats/tableau-croise",
  },
  surveyResponses: {
    file: "routes/survey-responses.tsx",
    en: "orgs/:org/surveys/:surveyId/responses",
    fr: "organisations/:org/sondages/:surveyId/reponses",
  },
  surveyResponse: {
    file: "routes/survey-response.tsx",
    en: "orgs/:org/surveys/:surveyId/responses/:responseId",
    fr: "organisations/:org/sondages/:surveyId/reponses/:responseId",
  },
  surveyComments: {
    file: "routes/survey-comments.tsx",
    en: "orgs/:org/surveys/:surveyId/results/comments",
    fr: "organisations/:org/sondages/:surveyId/resultats/commentaires",
  },
  surveyShareLinks: {
    file: "routes/survey-share-links.tsx",
    en: "orgs/:org/surveys/:surveyId/results/share",
    fr: "organisations/:org/sondages/:surveyId/resultats/partage",
  },
  sharedResults: { file: "routes/shared-results.tsx", en: "shared/results/:token", fr: "partage/resultats/:token" },
  surveyWeighting: {
    file: "routes/survey-weighting.tsx",
    en: "orgs/:org/surveys/:surveyId/results/weighting",
    fr: "organisations/:org/sondages/:surveyId/resultats/ponderation",
  },
  surveyDelete: {
    file: "routes/survey-delete.tsx",
    en: "orgs/:org/surveys/:surveyId/delete",
    fr: "organisations/:org/sondages/:surveyId/supprimer",
  },
  surveyInvitations: {
    file: "routes/survey-invitations.tsx",
    en: "orgs/:org/surveys/:surveyId/invitations",
    fr: "organisations/:org/sondages/:surveyId/invitations",
  },
  surveyImport: {
    file: "routes/survey-import.tsx",
    en: "orgs/:org/surveys/:surveyId/import",
    fr: "organisations/:org/sondages/:surveyId/importer",
  },
  surveyImportStep: {
    file: "routes/survey-import-step.tsx",
    en: "orgs/:org/surveys/:surveyId/import/:importId",
    fr: "organisations/:org/sondages/:surveyId/importer/:importId",
  },
  orgBenchmarking: {
    file: "routes/org-benchmarking.tsx",
    en: "orgs/:org/settings/benchmarking",
    fr: "organisations/:org/parametres/etalonnage",
  },
  surveyBenchmark: {
    file: "routes/survey-benchmark.tsx",
    en: "orgs/:org/surveys/:surveyId/benchmark",
    fr: "organisations/:org/sondages/:surveyId/etalonnage",
  },
  orgApiTokens: {
    file: "routes/org-api-tokens.tsx",
    en: "orgs/:org/settings/api-tokens",
    fr: "organisations/:org/parametres/jetons-api",
  },
  adminOrg: {
    file: "routes/admin-org.tsx",
    en: "admin/organizations/:org",
    fr: "admin/organisations/:org",
  },
  adminOrgs: {
    file: "routes/admin-orgs.tsx",
    en: "admin/organizations",
    fr: "admin/organisations",
  },
  adminSecurityLog: {
    file: "routes/admin-security-log.tsx",
    en: "admin/security-log",
    fr: "admin/journal-securite",
  },
  devMail: { file: "routes/dev-mail.tsx", en: "dev/mail", fr: "dev/courriel" },
  // Respondents' pages: short, because they are printed as QR codes and typed from paper.
  respondStart: { file: "routes/respond-start.tsx", en: "s/:key", fr: "s/:key" },
  respondPage: { file: "routes/respond-page.tsx", en: "s/:key/:token", fr: "s/:key/:token" },
  // An e-mailed invitation's private link, and its unsubscribe page.
  respondInvitation: { file: "routes/respond-invitation.tsx", en: "s/:key/i/:token", fr: "s/:key/i/:token" },
  respondUnsubscribe: {
    file: "routes/respond-unsubscribe.tsx",
    en: "s/:key/i/:token/unsubscribe",
    fr: "s/:key/i/:token/desabonnement",
  },
} as const satisfies Record<string, { file: string; en: string; fr: string }>;

export type PageId = keyof typeof pages;
export type Params = Record<string, string>;

export function isLang(value: unknown): value is Lang {
  return value === "en" || value === "fr";
}

/** The language a browser asks for first (Accept-Language), English by default. */
export function preferredLang(acceptLanguage: string | null): Lang {
  const first = (acceptLanguage ?? "").split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("fr") ? "fr" : "en";
}

/** The language a path is in, from its first segment; English by default. */
export function langOfPath(pathname: string): Lang {
  const first = pathname.split("/")[1];
  return isLang(first) ? first : "en";
}

/** The route pattern of a page in a language, e.g. /fr/organisations/:org. */
export function patternFor(page: PageId, lang: Lang): string {
  const pattern = pages[page][lang];
  return pattern ? `/${lang}/${pattern}` : `/${lang}`;
}

/** The URL of a page in a language, with its :params filled in. */
export function pathFor(page: PageId, lang: Lang, params: Params = {}): string {
  return patternFor(page, lang).replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`pathFor(${page}): missing param ${name}`);
    return encodeURIComponent(value);
  });
}

/** The route id React Router knows a page by in one language. */
export function routeId(page: PageId, lang: Lang): string {
  return `${lang}:${page}`;
}

export function pageOfRouteId(id: string): { page: PageId; lang: Lang } | null {
  const [lang, page] = id.split(":");
  if (!isLang(lang) || !page || !(page in pages)) return null;
  return { lang, page: page as PageId };
}
