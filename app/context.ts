import { createContext } from "react-router";
import type { Auth } from "#app/modules/identity/auth.server.ts";
import type { Keyring } from "#app/modules/privacy/keyring.server.ts";
import type { Settings } from "#app/modules/platform/settings.server.ts";
import type { Db } from "#db/client.ts";

/** Long-lived services the server builds once at start-up. */
export interface AppServices {
  db: Db;
  auth: Auth;
  settings: Settings;
  keyring: Keyring;
}

/** What the server knows about this one request before React Router runs. */
export interface RequestInfo {
  nonce: string;
  csrfToken: string;
  clientIp: string;
}

export const servicesContext = createContext<AppServices>();
export const requestInfoContext = createContext<RequestInfo>();

/** The signed-in user, read once per request by the root middleware. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: string;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
}
export const sessionUserContext = createContext<SessionUser | null>(null);
