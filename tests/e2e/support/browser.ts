import { type Browser, type BrowserContext, chromium, type Locator, type Page, type Response } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { baseUrl } from "./server.ts";

export type { Page } from "playwright-core";

const launchArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

const withoutJavaScript = new WeakSet<BrowserContext>();

const documentCsp = new WeakMap<Page, string>();

/** The Content-Security-Policy the page's current document came with. */
export function cspOf(page: Page): string | undefined {
  return documentCsp.get(page);
}

/** Whether the page was opened with `javaScript: false`. */
export function isJavaScriptDisabled(page: Page): boolean {
  return withoutJavaScript.has(page.context());
}

export interface PageOptions {
  /** false: the page's own scripts never run, as for a visitor without JavaScript. */
  javaScript: boolean;
  /** The browser's preferred language (Accept-Language). */
  lang?: "en" | "fr";
  /** The window size; a desktop one by default. */
  viewport?: { width: number; height: number };
}

/**
 * One Chromium for the test file, launched before its tests and closed after.
 * Each `newPage` opens a fresh context (own cookies), so one file can hold
 * several people signed in at once.
 */
export function useBrowser() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: launchArgs });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });
  return {
    async newPage({ javaScript, lang = "en", viewport }: PageOptions): Promise<Page> {
      if (!browser) throw new Error("useBrowser(): the browser is not running (call newPage inside a test or hook)");
      const context = await browser.newContext({
        baseURL: baseUrl(),
        javaScriptEnabled: javaScript,
        locale: lang === "fr" ? "fr-CA" : "en-CA",
        viewport: viewport ?? { width: 1280, height: 900 },
      });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      if (!javaScript) withoutJavaScript.add(context);
      const page = await context.newPage();
      page.on("response", (r) => {
        if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) {
          documentCsp.set(page, r.headers()["content-security-policy"] ?? "");
        }
      });
      return page;
    },
  };
}

/** Goes to a path and expects the final answer (after redirects) to be `status`. */
export async function visit(page: Page, path: string, status = 200): Promise<Response> {
  const response = await page.goto(path);
  if (!response) throw new Error(`no response for ${path}`);
  expect(response.status(), `GET ${path} → ${page.url()}`).toBe(status);
  return response;
}

/**
 * Clicks a submit button and waits for the document that answers it (the
 * final one after redirects): its response holds the real status code. For
 * pages whose scripts do not run; with JavaScript on, wait for the URL.
 */
export async function submitNoJs(page: Page, button: Locator): Promise<Response> {
  const answered = page.waitForResponse(
    (r) =>
      r.request().isNavigationRequest() && r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400),
  );
  const loaded = page.waitForEvent("load");
  await button.click();
  const [response] = await Promise.all([answered, loaded]);
  return response;
}

/** The page's main heading, trimmed. */
export async function h1(page: Page): Promise<string> {
  return ((await page.locator("h1").first().textContent()) ?? "").trim();
}

/**
 * Signs in through the sign-in page in `lang` (the form carries its own CSRF
 * field; we only fill the visible ones) and waits to leave it.
 */
export async function signIn(page: Page, email: string, password: string, lang: "en" | "fr" = "en"): Promise<void> {
  await visit(page, lang === "en" ? "/en/sign-in" : "/fr/connexion");
  const form = page.locator('main form:has(input[name="password"])');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  const signInPath = new URL(page.url()).pathname;
  await Promise.all([page.waitForURL((u) => u.pathname !== signInPath), form.getByRole("button").click()]);
}

/** Opens the account menu (a <details>) and selects "Sign out" / « Se déconnecter ». */
export async function signOut(page: Page, label: string): Promise<void> {
  await page.locator("details.account-menu > summary").click();
  const button = page.locator("details.account-menu").getByRole("button", { name: label });
  await expect.poll(() => button.isVisible()).toBe(true);
  await Promise.all([page.waitForURL(/[?&]signedOut=1/), button.click()]);
}
