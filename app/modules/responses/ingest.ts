// Whole responses given outside the respondent pages — an imported file's
// rows, the API's items — read by the same rules: each answer through
// `parseAnswer`, the one per-question path, then the survey's skip logic.
// Pure: no I/O.
import type { PublishedDefinition } from "#app/modules/measure/definition.ts";
import { type Answers, isShown, parseAnswer, type PublishedItem } from "./answers.ts";

/** A problem with one response: on a question (`code`) or on the whole response (null). */
export interface IngestError {
  code: string | null;
  /** The last part of a catalogue key, e.g. "choice", "range", "hidden". */
  reason: string;
  params?: Record<string, string>;
}

// A version's items by code, built once per definition: imports read it for every row.
const itemMaps = new WeakMap<PublishedDefinition, Map<string, PublishedItem>>();

export function itemsByCode(definition: PublishedDefinition): Map<string, PublishedItem> {
  let items = itemMaps.get(definition);
  if (!items) {
    items = new Map(definition.pages.flatMap((p) => p.items.map((i) => [i.code, i] as const)));
    itemMaps.set(definition, items);
  }
  return items;
}

const reasonOf = (key: string) => key.split(".").at(-1) ?? key;

/**
 * Reads one response from raw strings per question code (several for a
 * multiple choice). Unknown codes, invalid answers and answers to questions
 * that the response's own earlier answers hide are errors; a response with no
 * answer at all is one too. Missing answers are not: imported and API
 * responses record what was given ("required" guides respondents on the web).
 */
export function readResponse(
  definition: PublishedDefinition,
  raw: ReadonlyMap<string, string[]>,
): { answers: Answers; errors: IngestError[] } {
  const items = itemsByCode(definition);
  const errors: IngestError[] = [];
  for (const code of raw.keys()) {
    if (!items.has(code)) errors.push({ code, reason: "unknownQuestion" });
  }
  const answers: Answers = {};
  const failed = new Set<string>();
  for (const item of items.values()) {
    const given = raw.get(item.code);
    if (!given) continue;
    const { value, error } = parseAnswer(item.question, given);
    if (error) {
      failed.add(item.code);
      errors.push({ code: item.code, reason: reasonOf(error.key), ...(error.params ? { params: error.params } : {}) });
      continue;
    }
    if (value === undefined) continue;
    if (!isShown(item.showIf, answers)) {
      // A condition whose own answer was invalid says nothing about this one.
      if (item.showIf && !failed.has(item.showIf.code)) {
        errors.push({ code: item.code, reason: "hidden", params: { condition: item.showIf.code } });
      }
      continue;
    }
    answers[item.code] = value;
  }
  if (errors.length === 0 && Object.keys(answers).length === 0) errors.push({ code: null, reason: "empty" });
  return { answers, errors };
}

/** An API answer (JSON) as the raw strings `readResponse` takes; null when its type is wrong. */
export function rawOfJson(value: unknown): string[] | null {
  if (typeof value === "string") return [value];
  if (typeof value === "number" && Number.isFinite(value)) return [String(value)];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  return null;
}

/**
 * A submission time given with a response: an ISO date, or date and time
 * (without an offset: the wall-clock time in `naiveZone` when given, as for
 * a spreadsheet's times; otherwise UTC, as the API documents). A date alone names a day, not a moment: it
 * is kept at noon UTC, which is that same date in every Canadian time zone
 * (at midnight UTC it showed as the day before in Toronto). Null when it is
 * not one, or when it is in the future (a day's grace for clocks and time zones).
 */
export function parseSubmittedAt(text: string, now: Date, naiveZone?: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(
    text.trim(),
  );
  if (!match) return null;
  const [, day, time, zone] = match;
  const offset = zone && zone.toUpperCase() !== "Z" ? `${zone.slice(0, 3)}:${zone.slice(-2)}` : "Z";
  const asUtc = new Date(`${day}T${time ?? "12:00"}${offset}`);
  if (Number.isNaN(asUtc.getTime()) || !new Date(`${day}T00:00:00Z`).toISOString().startsWith(day as string)) {
    return null;
  }
  // A time without an offset is a wall-clock time where the file was made.
  const date = time && !zone && naiveZone ? new Date(asUtc.getTime() - zoneOffsetMs(asUtc, naiveZone)) : asUtc;
  if (date.getTime() > now.getTime() + 24 * 3600 * 1000 || date.getUTCFullYear() < 1990) return null;
  return date;
}

/**
 * How far `zone`'s clocks are ahead of UTC around the wall time `wall` (given
 * as if it were UTC). Checked again at the instant found, so that a time
 * just after a change to or from daylight saving time gets its own offset.
 */
function zoneOffsetMs(wall: Date, zone: string): number {
  const format = clockIn(zone);
  const offsetAt = (at: Date) => {
    const parts = format.formatToParts(at);
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const shown = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
    return shown - Math.floor(at.getTime() / 1000) * 1000;
  };
  const first = offsetAt(wall);
  return offsetAt(new Date(wall.getTime() - first));
}

// One formatter per zone: building one is far slower than using it, and an import reads a time per row.
const clocks = new Map<string, Intl.DateTimeFormat>();
function clockIn(zone: string): Intl.DateTimeFormat {
  let format = clocks.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    clocks.set(zone, format);
  }
  return format;
}
