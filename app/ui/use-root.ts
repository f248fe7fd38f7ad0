import { useTranslation } from "react-i18next";
import { useRouteLoaderData } from "react-router";
import type { Lang } from "#app/i18n/paths.ts";

export interface RootData {
  lang: Lang;
  csrfToken: string;
  devMailbox: boolean;
  user: { name: string; email: string } | null;
  isPlatformAdmin: boolean;
}

/** The root loader's data: language, signed-in user, CSRF token. */
export function useRoot(): RootData {
  const data = useRouteLoaderData("root") as RootData | undefined;
  return data ?? { lang: "en", csrfToken: "", devMailbox: false, user: null, isPlatformAdmin: false };
}

export function useLang(): Lang {
  return useRoot().lang;
}

export function useT() {
  return useTranslation().t;
}
