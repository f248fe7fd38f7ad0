import { tFor } from "#app/i18n/i18n.ts";
import { langOfPath } from "#app/i18n/paths.ts";

/** The document title for a page: "<page> — Outside-In", in the URL's language. */
export function pageTitle(pathname: string, key: string, vars?: Record<string, string>) {
  const t = tFor(langOfPath(pathname));
  return [{ title: `${t(key, vars ?? {})} — Outside-In` }];
}
