import type { Lang } from "#app/i18n/paths.ts";

/** An organization's name in the reader's language. */
export const orgName = (org: { nameEn: string; nameFr: string }, lang: Lang) =>
  lang === "fr" ? org.nameFr : org.nameEn;
