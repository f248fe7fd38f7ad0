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

/**
 * Only paths of this site may be a post-sign-in destination: no scheme, no
 * host, no control characters a browser would strip to make "//evil.example".
 */
export function safeNext(next: string | null | undefined, fallback: string): string {
  const hasControl = [...(next ?? "")].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (!next || next.length > 500 || !next.startsWith("/") || hasControl || next.includes("\\")) return fallback;
  const base = new URL("http://outside-in.invalid");
  const resolved = new URL(next, base);
  if (resolved.origin !== base.origin) return fallback;
  return resolved.pathname + resolved.search + resolved.hash;
}
