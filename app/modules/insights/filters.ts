// The filters of a results page, read from its URL (a GET form, so filtering
// works without JavaScript and a filtered view can be bookmarked or shared).
// Periods are whole months: `from=2026-01&to=2026-03` is January to March.
import { z } from "zod";
import { INT32_MAX, isCalendarMonth } from "#app/modules/platform/forms.ts";
import { responseChannels } from "#app/modules/responses/statuses.ts";

export interface ResultsFilter {
  channel?: (typeof responseChannels)[number];
  lang?: "en" | "fr";
  version?: number;
  /** Submitted at or after. */
  from?: Date;
  /** Submitted before. */
  to?: Date;
  /** Only responses that gave this answer to this question. */
  question?: { code: string; value: string };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const blank = (v: unknown) => (v === "" ? undefined : v);
const month = z.preprocess(blank, z.string().refine(isCalendarMonth, { error: "results.errors.month" }).optional());

export const filterSchema = z
  .object({
    channel: z.preprocess(blank, z.enum(responseChannels, { error: "results.errors.channel" }).optional()),
    lang: z.preprocess(blank, z.enum(["en", "fr"], { error: "results.errors.lang" }).optional()),
    version: z.preprocess(
      blank,
      z.coerce.number({ error: "results.errors.version" }).int().min(1).max(INT32_MAX).optional(),
    ),
    from: month,
    to: month,
    q: z.preprocess(blank, z.string().max(64, { error: "results.errors.question" }).optional()),
    a: z.preprocess(blank, z.string().max(200, { error: "results.errors.answer" }).optional()),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { error: "results.errors.period", path: ["to"] })
  .refine((v) => !v.a || v.q, { error: "results.errors.answerWithoutQuestion", path: ["q"] });

export type FilterInput = z.infer<typeof filterSchema>;

const monthStart = (text: string, add = 0) => {
  const [, year, month] = MONTH.exec(text) ?? [];
  return new Date(Date.UTC(Number(year), Number(month) - 1 + add, 1));
};

/** The filter the query runs, from valid form values (a question filter needs its answer). */
export function toResultsFilter(input: FilterInput): ResultsFilter {
  const filter: ResultsFilter = {};
  if (input.channel) filter.channel = input.channel;
  if (input.lang) filter.lang = input.lang;
  if (input.version) filter.version = input.version;
  if (input.from) filter.from = monthStart(input.from);
  if (input.to) filter.to = monthStart(input.to, 1);
  if (input.q && input.a) filter.question = { code: input.q, value: input.a };
  return filter;
}

/** Reads the filters of a results URL: the filter, or the translation keys of what is wrong, by field. */
export function parseResultsFilter(params: URLSearchParams) {
  const parsed = filterSchema.safeParse(Object.fromEntries(params));
  if (parsed.success) return { ok: true as const, input: parsed.data, filter: toResultsFilter(parsed.data) };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { ok: false as const, errors };
}
