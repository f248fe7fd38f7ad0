// Numbers in charts go through the project's one formatter (Intl, en-CA / fr-CA).
import { formatNumber, type Lang } from "#app/i18n/i18n.ts";

export function decimal(lang: Lang, value: number, digits = 1): string {
  if (!Number.isFinite(value)) return "—";
  return formatNumber(lang, value, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** 0–100 → "12.5%" / "12,5 %". */
export function percent(lang: Lang, value: number, digits = 1): string {
  if (!Number.isFinite(value)) return "—";
  return formatNumber(lang, value / 100, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Axis ticks: whole numbers as integers, others with one decimal. */
export function tick(lang: Lang): (value: number) => string {
  return (value) => formatNumber(lang, value, { maximumFractionDigits: 1 });
}
