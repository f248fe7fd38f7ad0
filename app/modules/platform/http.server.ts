import { data } from "react-router";
import type { FieldErrors } from "./forms.ts";

/** A failed form submission: 400 with the field errors and the values to show again. */
export function invalid<Extra extends object = object>(
  errors: FieldErrors,
  values: Record<string, string | string[]> = {},
  extra?: Extra,
) {
  return data({ errors, values, ...(extra as Extra) }, { status: 400 });
}

/** Only same-site paths may be a post-sign-in destination. */
export function safeNext(next: string | null | undefined, fallback: string): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  return next;
}
