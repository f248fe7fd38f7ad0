import { useTranslation } from "react-i18next";
import { useLocation, useRouteLoaderData } from "react-router";
import { type Lang, langOfPath } from "#app/i18n/paths.ts";

export interface RootData {
  csrfToken: string;
  devMailbox: boolean;
  user: { name: string; email: string } | null;
  isPlatformAdmin: boolean;
}

/** The root loader's data: signed-in user, CSRF token. */
export function useRoot(): RootData {
  const data = useRouteLoaderData("root") as RootData | undefined;
  return data ?? { csrfToken: "", devMailbox: false, user: null, isPlatformAdmin: false };
}

/**
 * The page's language, from its address: the root loader does not run again
 * on every client-side navigation (from /en/… to /fr/… it would keep "en"),
 * and the page's text already follows the address (root.tsx).
 */
export function useLang(): Lang {
  return langOfPath(useLocation().pathname);
}

export function useT() {
  return useTranslation().t;
}
