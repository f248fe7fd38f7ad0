import type { ReactNode } from "react";
import { Link, useLocation, useMatches } from "react-router";
import { type Lang, pageOfRouteId, pathFor } from "#app/i18n/paths.ts";
import { PostForm } from "./form.tsx";
import { useLang, useRoot, useT } from "./use-root.ts";

/** The same page in the other official language, keeping params and query. */
export function useOtherLanguageHref(lang: Lang): string {
  const matches = useMatches();
  const location = useLocation();
  const other: Lang = lang === "en" ? "fr" : "en";
  const leaf = matches[matches.length - 1];
  const page = leaf ? pageOfRouteId(leaf.id) : null;
  if (!page || !leaf) return pathFor("home", other);
  const params = Object.fromEntries(
    Object.entries(leaf.params).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  return pathFor(page.page, other, params) + location.search;
}

function SiteHeader() {
  const t = useT();
  const lang = useLang();
  const { user, isPlatformAdmin } = useRoot();
  const otherHref = useOtherLanguageHref(lang);
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("layout.skipToContent")}
      </a>
      <div className="container site-header__top">
        <Link className="brand" to={pathFor("home", lang)}>
          Outside-In
          <span>{t("layout.tagline")}</span>
        </Link>
        <div className="site-header__tools">
          <a
            className="lang-toggle"
            href={otherHref}
            lang={lang === "en" ? "fr" : "en"}
            hrefLang={lang === "en" ? "fr" : "en"}
          >
            {t("layout.otherLanguage")}
          </a>
          {user ? (
            <details className="account-menu">
              <summary>
                <span className="visually-hidden">{t("layout.accountMenu")}: </span>
                {user.name}
              </summary>
              <ul>
                <li>
                  <Link to={pathFor("account", lang)}>{t("layout.myAccount")}</Link>
                </li>
                <li>
                  <Link to={pathFor("accountSecurity", lang)}>{t("layout.security")}</Link>
                </li>
                {isPlatformAdmin ? (
                  <li>
                    <Link to={pathFor("adminOrgs", lang)}>{t("layout.platformAdmin")}</Link>
                  </li>
                ) : null}
                <li>
                  <PostForm action={pathFor("signOut", lang)}>
                    <button type="submit" className="link-button">
                      {t("layout.signOut")}
                    </button>
                  </PostForm>
                </li>
              </ul>
            </details>
          ) : (
            <Link to={pathFor("signIn", lang)}>{t("layout.signIn")}</Link>
          )}
        </div>
      </div>
    </header>
  );
}

function SiteFooter() {
  const t = useT();
  const lang = useLang();
  const { devMailbox } = useRoot();
  return (
    <footer className="site-footer">
      <div className="container">
        <h2 className="visually-hidden">{t("layout.footerHeading")}</h2>
        <ul>
          <li>
            <Link to={pathFor("home", lang)}>{t("layout.home")}</Link>
          </li>
          {devMailbox ? (
            <li>
              <Link to={pathFor("devMail", lang)}>{t("devMail.title")}</Link>
            </li>
          ) : null}
        </ul>
        <p>{t("layout.footerAbout")}</p>
      </div>
    </footer>
  );
}

export function SiteLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <div className="container">{children}</div>
      </main>
      <SiteFooter />
    </>
  );
}

export interface Crumb {
  label: string;
  to?: string;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  const t = useT();
  const lang = useLang();
  const all: Crumb[] = [{ label: t("layout.home"), to: pathFor("home", lang) }, ...items];
  return (
    <nav className="breadcrumbs" aria-label={t("layout.breadcrumbs")}>
      <ol>
        {all.map((c) => (
          <li key={`${c.to ?? ""}|${c.label}`}>
            {c.to ? <Link to={c.to}>{c.label}</Link> : <span aria-current="page">{c.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function Notice({ kind = "info", children }: { kind?: "info" | "success" | "warning"; children: ReactNode }) {
  return (
    <div className={`notice notice--${kind}`} role={kind === "success" ? "status" : undefined}>
      {children}
    </div>
  );
}
