import { I18nextProvider } from "react-i18next";
import {
  data,
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
} from "react-router";
import type { Route } from "./+types/root";
import { requestInfoContext, servicesContext, sessionUserContext } from "./context.ts";
import { i18nFor } from "./i18n/i18n.ts";
import { langOfPath } from "./i18n/paths.ts";
import { getOperatorContext } from "./modules/identity/organizations.server.ts";
import { can } from "./modules/identity/policy.ts";
import { readSessionUser } from "./modules/identity/session.server.ts";
import { CSRF_FIELD, csrfTokenMatches } from "./modules/platform/csrf.server.ts";
import { SiteLayout } from "./ui/layout.tsx";
import { RespondentLayout } from "./ui/respondent/layout.tsx";
import type { RootData } from "./ui/use-root.ts";
import "./ui/app.css";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Every request: check the CSRF token of any form post, then read the session.
 * The API (/api/…) takes JSON, not forms: the routes there that change data
 * authenticate by bearer token only and never by cookie, so a cross-site
 * request has nothing to ride on.
 */
const csrfAndSession: Route.MiddlewareFunction = async ({ request, context }) => {
  if (MUTATING.has(request.method) && !new URL(request.url).pathname.startsWith("/api/")) {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    if (!form) throw data({ key: "errors.badRequest" }, { status: 400 });
    // PostgreSQL cannot store a NUL character; no real form has one.
    for (const value of form.values()) {
      if (typeof value === "string" && value.includes("\u0000"))
        throw data({ key: "errors.badRequest" }, { status: 400 });
    }
    const { csrfToken } = context.get(requestInfoContext);
    if (!csrfTokenMatches(csrfToken, form.get(CSRF_FIELD))) {
      throw data({ key: "errors.csrf" }, { status: 403 });
    }
  }
  const { auth } = context.get(servicesContext);
  context.set(sessionUserContext, await readSessionUser(auth, request.headers));
};

export const middleware: Route.MiddlewareFunction[] = [csrfAndSession];

export async function loader({ context }: Route.LoaderArgs): Promise<RootData> {
  const { db, settings } = context.get(servicesContext);
  const user = context.get(sessionUserContext);
  const operator = user ? await getOperatorContext({ db, userId: user.id, email: user.email, name: user.name }) : null;
  const isPlatformAdmin = operator ? can(operator.roles, "platform.orgs.manage") : false;
  return {
    csrfToken: context.get(requestInfoContext).csrfToken,
    // The link to it, for those who may open it (routes/dev-mail.tsx).
    devMailbox: settings.devMailbox && isPlatformAdmin,
    user: user ? { name: user.name, email: user.email } : null,
    isPlatformAdmin,
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const location = useLocation();
  const lang = langOfPath(location.pathname);
  // Respondents' pages are plain HTML and CSS: no script at all, so they stay
  // small and fast on a phone and behave the same with JavaScript off.
  const respondent = useMatches().some((m) => (m.handle as { respondent?: boolean } | undefined)?.respondent);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className={respondent ? "respondent" : undefined}>
        <I18nextProvider i18n={i18nFor(lang)}>
          {respondent ? <RespondentLayout>{children}</RespondentLayout> : <SiteLayout>{children}</SiteLayout>}
        </I18nextProvider>
        {respondent ? null : (
          <>
            <ScrollRestoration />
            <Scripts />
          </>
        )}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  const t = i18nFor(langOfPath(location.pathname)).t;
  const respondent = useMatches().some((m) => (m.handle as { respondent?: boolean } | undefined)?.respondent);
  let status = 500;
  let key = "errors.unexpected";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const given = (error.data as { key?: unknown } | null)?.key;
    key = typeof given === "string" ? given : `errors.status.${status}`;
  } else if (import.meta.env.DEV) {
    console.error(error);
  }
  const title = t(`errors.title.${status}`, { defaultValue: t("errors.title.other") });
  return (
    <>
      <title>{`${title} — Outside-In`}</title>
      <h1>{title}</h1>
      <p>{t(key, { defaultValue: t("errors.unexpected") })}</p>
      {/* Respondents have no home page here: the staff one would only ask them to sign in. */}
      {respondent ? null : (
        <p>
          <a href={`/${langOfPath(location.pathname)}`}>{t("errors.backHome")}</a>
        </p>
      )}
    </>
  );
}
