import { describe, expect, test } from "vitest";
import { langs, pathFor } from "#app/i18n/paths.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { decodeEntities, HttpSession, signedInSession } from "./support/http.ts";
import { waitForMail } from "./support/mail.ts";
import { watchServerLog } from "./support/server.ts";

// The development mailbox shows every message, reset links included: on this
// loopback server (DEV_MAILBOX=true) it is for signed-in platform admins only
// (decision 0036). That it does not exist at all on another BASE_URL is in
// production-server.test.ts, which starts a server of its own.

watchServerLog();

const RESET_FOR = "analyst@ontario.example";

/** Asks for a password reset, as anyone may, and returns the link the message carries. */
async function resetLinkFor(email: string): Promise<string> {
  const anyone = new HttpSession();
  const csrf = await anyone.csrf(pathFor("forgotPassword", "en"));
  const sent = await anyone.post(pathFor("forgotPassword", "en"), { email }, { csrf });
  expect(sent.status).toBe(302);
  const mail = await waitForMail(email, "Reset your Outside-In password");
  const link = /https?:\/\/\S*reset-password\S*/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no reset link in:\n${mail.text}`);
  return link;
}

describe("the development mailbox", () => {
  test("shows nothing to anyone but a platform admin, who sees the messages", async () => {
    const link = await resetLinkFor(RESET_FOR);
    const token = new URL(link).searchParams.get("token") ?? link;
    const anonymous = new HttpSession();
    const orgAdmin = await signedInSession("admin@federal.example", DEMO_PASSWORD);
    const platformAdmin = await signedInSession("platform.admin@institute.example", DEMO_PASSWORD);

    for (const lang of langs) {
      const path = pathFor("devMail", lang);
      // Anonymous: sent to sign in, and back here after.
      const signIn = await anonymous.get(path);
      expect(signIn.status, path).toBe(302);
      expect(signIn.headers.get("location")).toBe(`${pathFor("signIn", lang)}?next=${encodeURIComponent(path)}`);
      const redirectBody = await signIn.text();
      expect(redirectBody).not.toContain(RESET_FOR);
      expect(redirectBody).not.toContain(token);

      // Signed in without the platform role: not found, as the other admin pages.
      const refused = await orgAdmin.get(path);
      expect(refused.status, path).toBe(404);
      const refusedHtml = decodeEntities(await refused.text());
      expect(refusedHtml).not.toContain(RESET_FOR);
      expect(refusedHtml).not.toContain(token);

      const shown = await platformAdmin.get(path);
      expect(shown.status, path).toBe(200);
      const html = decodeEntities(await shown.text());
      expect(html).toContain(RESET_FOR);
      expect(html).toContain(token);
    }
  });

  test("is linked from the footer for platform admins only", async () => {
    const link = `href="${pathFor("devMail", "en")}"`;
    const home = pathFor("home", "en");
    expect(await (await new HttpSession().get(home)).text()).not.toContain(link);
    const orgAdmin = await signedInSession("admin@federal.example", DEMO_PASSWORD);
    expect(await (await orgAdmin.get(home)).text()).not.toContain(link);
    const platformAdmin = await signedInSession("platform.admin@institute.example", DEMO_PASSWORD);
    expect(await (await platformAdmin.get(home)).text()).toContain(link);
  });
});
