// What an API token may do and for how long: its scopes (one per endpoint of
// the API) and its optional last day. The form and the module share these.
import { z } from "zod";
import { checkboxes, requiredText } from "#app/modules/platform/forms.ts";
import { apiScopes } from "./api-scopes.ts";

/** The furthest day a token may be made to last until, counted from today. */
export const API_TOKEN_MAX_DAYS = 366;
const DAY_MS = 86_400_000;

/** The instant a token chosen to last "until `day`" stops: the end of that day (UTC). */
export const endOfDayUtc = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS);

/** Whether a token may stop at this instant: after now, within the longest allowed life. */
export const allowedExpiry = (expiresAt: Date, now = Date.now()) =>
  expiresAt.getTime() > now && expiresAt.getTime() <= now + (API_TOKEN_MAX_DAYS + 1) * DAY_MS;

const blank = (v: unknown) => (v === "" ? undefined : v);

export const apiTokenInput = z.object({
  tokenName: requiredText(100),
  scopes: checkboxes(z.enum(apiScopes, "apiTokens.errors.scopes"), "apiTokens.errors.scopes"),
  expires: z.preprocess(
    blank,
    z.iso
      .date("apiTokens.errors.date")
      .refine((day) => endOfDayUtc(day).getTime() > Date.now(), "apiTokens.errors.past")
      .refine((day) => allowedExpiry(endOfDayUtc(day)), "apiTokens.errors.tooFar")
      .optional(),
  ),
});
