import { getSessionCookie } from "better-auth/cookies";
import type { SessionUser } from "#app/context.ts";
import { AUTH_COOKIE_PREFIX, type Auth } from "./auth.server.ts";

/** The user behind the request's session cookie, if any. */
export async function readSessionUser(auth: Auth, headers: Headers): Promise<SessionUser | null> {
  // Most requests (every respondent's) carry no session cookie: no need to go
  // through better-auth's endpoint machinery to learn there is no session.
  if (!getSessionCookie(headers, { cookiePrefix: AUTH_COOKIE_PREFIX })) return null;
  const found = await auth.api.getSession({ headers }).catch(() => null);
  if (!found) return null;
  const u = found.user as typeof found.user & { locale?: string; twoFactorEnabled?: boolean | null };
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    locale: u.locale ?? "en",
    emailVerified: u.emailVerified,
    twoFactorEnabled: Boolean(u.twoFactorEnabled),
  };
}
