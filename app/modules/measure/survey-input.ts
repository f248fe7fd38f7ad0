import { z } from "zod";
import { checkboxes, isCalendarDay, optionalText, requiredText } from "#app/modules/platform/forms.ts";
import { channels } from "./cmt-bank.ts";

export const newSurveySchema = z.object({
  titleEn: requiredText(200),
  titleFr: requiredText(200),
  serviceEn: requiredText(200),
  serviceFr: requiredText(200),
  channels: checkboxes(z.enum(channels, { error: "errors.invalid" }), "bank.errors.channels"),
  variant: z.enum(["citizen", "business"], { error: "surveys.errors.variant" }),
});

const day = z
  .string()
  .trim()
  .optional()
  .refine((v) => !v || isCalendarDay(v), "audit.errors.date")
  .transform((v) => (v ? new Date(`${v}T00:00:00Z`) : null));

export const surveySettingsSchema = z.object({
  titleEn: requiredText(200),
  titleFr: requiredText(200),
  serviceEn: requiredText(200),
  serviceFr: requiredText(200),
  opensAt: day,
  closesAt: day,
  responseTarget: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^\d{1,7}$/.test(v), "surveys.errors.target")
    .transform((v) => (v ? Number(v) : null)),
  closingMessageEn: optionalText(2000).transform((v) => v ?? null),
  closingMessageFr: optionalText(2000).transform((v) => v ?? null),
});

/** Months a survey keeps raw responses; the database's default is the one shown to designers. */
export const RETENTION_MONTHS = { min: 1, max: 120, default: 24 } as const;
export const PRIVACY_NOTICE_MAX = 4000;

// Plain text: line breaks are kept (blank lines separate paragraphs), markup is shown as typed.
const notice = optionalText(PRIVACY_NOTICE_MAX).transform((v) => v?.replace(/\r\n?/g, "\n") ?? null);

export const surveyPrivacySchema = z.object({
  privacyNoticeEn: notice,
  privacyNoticeFr: notice,
  anonymous: z.enum(["yes", "no"], { error: "surveys.privacy.errors.anonymous" }).transform((v) => v === "yes"),
  retentionMonths: z
    .string({ error: "surveys.privacy.errors.retention" })
    .trim()
    .regex(/^\d{1,3}$/, "surveys.privacy.errors.retention")
    .transform(Number)
    .refine((n) => n >= RETENTION_MONTHS.min && n <= RETENTION_MONTHS.max, "surveys.privacy.errors.retention"),
});

const key = z.string().regex(/^[pq]\d{1,4}$/, "errors.invalid");

/** One change to a draft, as posted by one of the builder's small forms. */
export const draftChangeSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("addPage"), titleEn: requiredText(200), titleFr: requiredText(200) }),
  z.object({ op: z.literal("removePage"), pageKey: key }),
  z.object({
    op: z.literal("addQuestion"),
    pageKey: key,
    questionCode: requiredText(80)
      .toUpperCase()
      .regex(/^[A-Z0-9]+(-[A-Z0-9]+)+$/, "surveys.errors.unknownCode"),
  }),
  z.object({ op: z.literal("removeQuestion"), itemKey: key }),
  z.object({ op: z.literal("move"), itemKey: key, direction: z.enum(["up", "down"]) }),
  z
    .object({
      op: z.literal("showIf"),
      itemKey: key,
      // Ticked "CODE=answer" boxes, all of one question; none (or "clear") to always ask the question.
      condition: checkboxes(z.string().regex(/^[A-Z0-9]+(-[A-Z0-9]+)+=[\w-]{1,40}$/, "surveys.errors.logic")),
      clear: z.literal("yes").optional(),
    })
    .transform((v, ctx) => {
      const pairs = v.clear ? [] : v.condition.map((c) => c.split("=") as [string, string]);
      const codes = new Set(pairs.map(([code]) => code));
      if (codes.size > 1) {
        ctx.addIssue({ code: "custom", path: ["condition"], message: "surveys.logic.errors.oneQuestion" });
        return z.NEVER;
      }
      const [code] = codes;
      return {
        op: v.op,
        itemKey: v.itemKey,
        condition: code ? { conditionCode: code, values: pairs.map(([, value]) => value) } : null,
      };
    }),
  z.object({ op: z.literal("required"), itemKey: key, required: z.enum(["yes", "no"]).transform((v) => v === "yes") }),
  z.object({
    op: z.literal("groupGrid"),
    pageKey: key,
    itemKeys: checkboxes(key).refine((keys) => keys.length >= 2, "surveys.grid.errors.rows"),
    titleEn: requiredText(500),
    titleFr: requiredText(500),
  }),
  z.object({ op: z.literal("ungroupGrid"), gridKey: z.string().regex(/^g\d{1,4}$/, "errors.invalid") }),
]);
