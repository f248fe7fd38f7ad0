import { z } from "zod";
import { checkboxes, optionalText, requiredText } from "#app/modules/platform/forms.ts";
import { cleanText } from "#app/modules/platform/text.ts";
import { channels, dimensions, drivers, elements, questionTypes, scales } from "./cmt-bank.ts";

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, key: string) =>
  z
    .union([z.literal(""), z.enum(values, { error: key })])
    .optional()
    .transform((v) => v || null);

// Each option is one line of text under the one text rule.
const lines = (v: string | undefined) =>
  cleanText(v ?? "")
    .split(/\r?\n/)
    .map((l) => cleanText(l, { singleLine: true }).trim())
    .filter(Boolean);

/**
 * The question form, as posted: both languages side by side, options one per
 * line in each language. Checks what the type needs (a scale, matching option
 * lists, a sensible number range) and returns the module's QuestionInput.
 */
export const questionFormSchema = z
  .object({
    type: z.enum(questionTypes, { error: "bank.errors.type" }),
    scale: optionalEnum(Object.keys(scales) as [string, ...string[]], "bank.errors.scale"),
    optionsEn: z.string().max(5000, "errors.tooLong").optional(),
    optionsFr: z.string().max(5000, "errors.tooLong").optional(),
    min: z.string().trim().max(12).optional(),
    max: z.string().trim().max(12).optional(),
    textEn: requiredText(1000),
    textFr: requiredText(1000),
    helpEn: optionalText(1000),
    helpFr: optionalText(1000),
    channels: checkboxes(z.enum(channels, { error: "errors.invalid" }), "bank.errors.channels"),
    dimension: optionalEnum(dimensions, "errors.invalid"),
    driver: optionalEnum(drivers, "errors.invalid"),
    element: z.enum(elements, { error: "bank.errors.element" }),
    variant: z.enum(["citizen", "business", "both"], { error: "errors.invalid" }),
    module: requiredText(60).regex(/^[a-z0-9_]+$/, "bank.errors.module"),
  })
  .superRefine((v, ctx) => {
    if (v.type === "scale5" && !v.scale)
      ctx.addIssue({ code: "custom", path: ["scale"], message: "bank.errors.scale" });
    if (v.type === "single" || v.type === "multi") {
      const en = lines(v.optionsEn);
      const fr = lines(v.optionsFr);
      if (en.length < 2) ctx.addIssue({ code: "custom", path: ["optionsEn"], message: "bank.errors.options" });
      else if (fr.length !== en.length) {
        ctx.addIssue({ code: "custom", path: ["optionsFr"], message: "bank.errors.optionsMismatch" });
      }
    }
    if (v.type === "number") {
      const min = Number(v.min);
      const max = Number(v.max);
      if (v.min && !Number.isFinite(min)) ctx.addIssue({ code: "custom", path: ["min"], message: "errors.invalid" });
      if (v.max && !Number.isFinite(max)) ctx.addIssue({ code: "custom", path: ["max"], message: "errors.invalid" });
      if (v.min && v.max && min >= max) ctx.addIssue({ code: "custom", path: ["max"], message: "bank.errors.range" });
    }
  })
  .transform((v) => {
    const en = lines(v.optionsEn);
    const fr = lines(v.optionsFr);
    const choice = v.type === "single" || v.type === "multi";
    return {
      type: v.type,
      scale: v.type === "scale5" ? v.scale : null,
      options: choice ? en.map((label, i) => ({ code: String(i + 1), en: label, fr: fr[i] ?? label })) : null,
      min: v.type === "scale10" ? 0 : v.type === "number" && v.min ? Number(v.min) : null,
      max: v.type === "scale10" ? 10 : v.type === "number" && v.max ? Number(v.max) : null,
      textEn: v.textEn,
      textFr: v.textFr,
      helpEn: v.helpEn ?? null,
      helpFr: v.helpFr ?? null,
      channels: v.channels,
      dimension: v.dimension,
      driver: v.driver,
      element: v.element,
      variant: v.variant,
      module: v.module,
    };
  });
