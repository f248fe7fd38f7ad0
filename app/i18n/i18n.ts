import { createInstance, type i18n, type TFunction } from "i18next";
import en from "./en.json" with { type: "json" };
import fr from "./fr.json" with { type: "json" };
import type { Lang } from "./paths.ts";

export type { Lang } from "./paths.ts";

/** Intl locale for each language: Canadian English and Canadian French. */
export const intlLocale: Record<Lang, string> = { en: "en-CA", fr: "fr-CA" };

const instances = new Map<Lang, i18n>();

/** One i18next instance per language, built once; both catalogues are small. */
export function i18nFor(lang: Lang): i18n {
  let instance = instances.get(lang);
  if (!instance) {
    instance = createInstance();
    instance.init({
      lng: lang,
      fallbackLng: false,
      resources: { en: { translation: en }, fr: { translation: fr } },
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    });
    instances.set(lang, instance);
  }
  return instance;
}

export function tFor(lang: Lang): TFunction {
  return i18nFor(lang).t;
}

export function formatNumber(lang: Lang, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(intlLocale[lang], options).format(value);
}

/** The zone staff pages show times in, and in which a spreadsheet's times without an offset are read. */
export const DISPLAY_TIME_ZONE = "America/Toronto";

export function formatDateTime(lang: Lang, value: Date | string): string {
  return new Intl.DateTimeFormat(intlLocale[lang], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: DISPLAY_TIME_ZONE,
  }).format(new Date(value));
}

export function formatDate(lang: Lang, value: Date | string): string {
  return new Intl.DateTimeFormat(intlLocale[lang], { dateStyle: "long", timeZone: "UTC" }).format(new Date(value));
}

/**
 * A response's time as staff see it: a bare day (YYYY-MM-DD, all an anonymous
 * survey keeps) as a date, an exact time with its hour.
 */
export function formatStaffTime(lang: Lang, value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(lang, value) : formatDateTime(lang, value);
}
