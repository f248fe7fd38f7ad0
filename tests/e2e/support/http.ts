import { expect } from "vitest";
import { baseUrl } from "./server.ts";

// A plain-fetch client with a cookie jar, for checks below the browser: it
// sees every status code and header as the server sent them.

/** A form's fields; a Blob (a file) makes it a multipart post. */
export type FormFields = Record<string, string | string[] | Blob>;

export class HttpSession {
  readonly cookies = new Map<string, string>();
  /** The Set-Cookie headers of the most recent answer, as sent. */
  lastSetCookies: string[] = [];

  /** Another server than the one the global setup started (e.g. http://127.0.0.1:4000). */
  private readonly origin?: string;

  constructor(origin?: string) {
    this.origin = origin;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has("cookie")) headers.set("cookie", this.cookieHeader());
    // A path is sent as it is: resolved against the origin, "//x" would name another host.
    const origin = this.origin ?? baseUrl();
    const target = path.startsWith("/") ? `${origin.replace(/\/$/, "")}${path}` : new URL(path, origin).toString();
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    this.lastSetCookies = response.headers.getSetCookie();
    for (const line of this.lastSetCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(path: string, headers?: HeadersInit): Promise<Response> {
    return this.request(path, { headers });
  }

  /** The CSRF token of a form on `path` (any page with a form works: it depends on the cookie only). */
  async csrf(path = "/en/sign-in"): Promise<string> {
    const response = await this.get(path);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no _csrf field on ${path} (status ${response.status})`);
    return token;
  }

  /** POSTs a urlencoded form, or a multipart one if a field is a file. `csrf` is added as `_csrf` unless null. */
  post(
    path: string,
    fields: FormFields,
    options: { csrf?: string | null; headers?: HeadersInit } = {},
  ): Promise<Response> {
    const headers = new Headers(options.headers);
    const entries = Object.entries(fields);
    if (entries.some(([, v]) => v instanceof Blob)) {
      const body = new FormData();
      if (options.csrf) body.append("_csrf", options.csrf);
      for (const [k, v] of entries)
        for (const one of v instanceof Blob ? [v] : ([] as string[]).concat(v)) body.append(k, one);
      return this.request(path, { method: "POST", body, headers });
    }
    const body = new URLSearchParams();
    if (options.csrf) body.append("_csrf", options.csrf);
    for (const [k, v] of entries) for (const one of ([] as (string | Blob)[]).concat(v)) body.append(k, String(one));
    headers.set("content-type", "application/x-www-form-urlencoded");
    return this.request(path, { method: "POST", body: body.toString(), headers });
  }

  /** Signs in like the form does; expects the redirect to the home page. */
  async signIn(email: string, password: string): Promise<void> {
    const csrf = await this.csrf("/en/sign-in");
    const response = await this.post("/en/sign-in", { email, password, next: "/en" }, { csrf });
    const body = response.status === 302 ? "" : await response.text();
    expect(response.status, `sign-in as ${email} answered ${response.status}: ${body.slice(0, 300)}`).toBe(302);
    expect(response.headers.get("location")).toBe("/en");
    expect(this.cookies.size, "sign-in set a session cookie").toBeGreaterThan(1);
  }
}

export async function signedInSession(email: string, password: string): Promise<HttpSession> {
  const session = new HttpSession();
  await session.signIn(email, password);
  return session;
}

/** Decodes the few entities React writes into text. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The text of every <h1> of an HTML page. */
export function h1sOf(html: string): string[] {
  return [...html.matchAll(/<h1\b[^>]*>([\s\S]*?)<\/h1>/g)].map((m) =>
    decodeEntities((m[1] ?? "").replace(/<[^>]+>/g, "")).trim(),
  );
}

/** The text of the one <h1> of an HTML page (fails if there is not exactly one). */
export function h1Of(html: string): string {
  const all = h1sOf(html);
  expect(all, "exactly one <h1>").toHaveLength(1);
  return all[0] as string;
}
