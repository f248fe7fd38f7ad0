import { describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "#db/seed.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { h1, type Page, signIn, useBrowser, visit } from "./support/browser.ts";
import { linkIn, waitForMail } from "./support/mail.ts";
import { baseUrl, watchServerLog } from "./support/server.ts";

// An organization admin invites someone in French; the invitee creates an
// account, accepts and becomes a member; the admin changes their roles, reads
// the audit log and removes them. JavaScript on, axe on every page.

watchServerLog();
const browser = useBrowser();

const org = "citizen-services-canada";
const members = `/en/orgs/${org}/members`;
const audit = `/en/orgs/${org}/audit`;
const invitee = {
  name: "Noa Invitée",
  email: `noa.${Date.now()}@invitee.example`,
  password: "invited and quite long 42",
};

/** The table row whose header cell (first column) is `label`. */
const rowOf = (page: Page, label: string) =>
  page.locator("tbody tr").filter({ has: page.getByRole("rowheader", { name: label, exact: true }) });

describe("members journey (JavaScript on)", () => {
  let admin: Page;
  let person: Page;
  let userId = "";

  test("the admin invites a new member, in French", async () => {
    admin = await browser.newPage({ javaScript: true });
    await signIn(admin, "admin@federal.example", DEMO_PASSWORD);
    await visit(admin, members);
    await expect.poll(() => h1(admin)).toBe("Members");
    await expectNoAxeViolations(admin);

    await Promise.all([
      admin.waitForURL(`**${members}/invite`),
      admin.getByRole("link", { name: "Invite a member" }).click(),
    ]);
    await expect.poll(() => h1(admin)).toBe("Invite a member");
    await expectNoAxeViolations(admin);

    await admin.getByLabel("Email address").fill(invitee.email);
    await admin.getByRole("checkbox", { name: /^Analyst — / }).check();
    await admin.getByLabel("Language of the invitation").selectOption("fr");
    await Promise.all([
      admin.waitForURL(`**${members}?done=invited`),
      admin.getByRole("button", { name: "Send the invitation" }).click(),
    ]);
    await expect.poll(() => admin.getByRole("status").textContent()).toBe("The invitation has been sent.");
    const pending = rowOf(admin, invitee.email);
    await expect.poll(() => pending.count()).toBe(1);
    expect(await pending.textContent()).toContain("Analyst");
    await expectNoAxeViolations(admin);
  });

  test("the invitation e-mail is in French; the invitee signs up, confirms, signs in and accepts", async () => {
    const mail = await waitForMail(invitee.email, "vous invite");
    expect(mail.subject).toBe("Alex Martin vous invite à vous joindre à Services aux citoyens Canada dans Outside-In");
    expect(mail.text).toContain("Bonjour,");
    expect(mail.text).toContain("Cette invitation expire le");
    expect(mail.html).toContain('<html lang="fr">');
    const invitation = linkIn(mail, /^\/fr\/invitations\/[\w-]+$/);
    expect(invitation.origin).toBe(baseUrl());

    // A fresh browser context: nobody is signed in.
    person = await browser.newPage({ javaScript: true, lang: "fr" });
    await visit(person, invitation.pathname);
    await expect.poll(() => h1(person)).toBe("Invitation");
    expect(await person.locator("main").textContent()).toContain(
      "Vous êtes invité à vous joindre à Services aux citoyens Canada",
    );
    await expectNoAxeViolations(person);

    // Sign up in French.
    await Promise.all([
      person.waitForURL("**/fr/inscription"),
      person.locator("main").getByRole("link", { name: "Créer un compte" }).click(),
    ]);
    await expectNoAxeViolations(person);
    await person.getByLabel("Nom complet").fill(invitee.name);
    await person.getByLabel("Adresse courriel").fill(invitee.email);
    await person.getByLabel("Mot de passe", { exact: true }).fill(invitee.password);
    await person.getByLabel("Confirmer le mot de passe").fill(invitee.password);
    await Promise.all([
      person.waitForURL("**/fr/verifier-courriel?sent=1"),
      person.getByRole("button", { name: "Créer le compte" }).click(),
    ]);
    await expect.poll(() => person.getByRole("status").textContent()).toContain("Votre compte est créé.");
    await expectNoAxeViolations(person);

    const verification = await waitForMail(invitee.email, "Confirmez votre adresse courriel");
    const confirm = linkIn(verification, /^\/fr\/verifier-courriel$/);
    await visit(person, confirm.pathname + confirm.search);
    expect(new URL(person.url()).pathname + new URL(person.url()).search).toBe("/fr/connexion?verified=1");
    await expectNoAxeViolations(person);

    await signIn(person, invitee.email, invitee.password, "fr");
    await expect.poll(() => h1(person)).toBe(`Bienvenue, ${invitee.name}`);

    // Open the invitation again, signed in this time, and accept.
    await visit(person, invitation.pathname);
    await expectNoAxeViolations(person);
    await Promise.all([
      person.waitForURL(`**/fr/organisations/${org}`),
      person.getByRole("button", { name: "Accepter l’invitation" }).click(),
    ]);
    await expect.poll(() => h1(person)).toBe("Services aux citoyens Canada");
    expect(await person.locator(".summary-list").textContent()).toContain("Analyste");
    await expectNoAxeViolations(person);
  });

  test("the admin sees the new member and adds a role", async () => {
    await visit(admin, members);
    const row = rowOf(admin, invitee.name);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(invitee.email);
    // No longer pending.
    expect(await rowOf(admin, invitee.email).count()).toBe(0);

    await Promise.all([
      admin.waitForURL(new RegExp(`${members}/[^/?]+$`)),
      row.getByRole("link", { name: invitee.name }).click(),
    ]);
    userId = decodeURIComponent(new URL(admin.url()).pathname.split("/").at(-1) ?? "");
    expect(userId).not.toBe("");
    await expect.poll(() => h1(admin)).toBe(invitee.name);
    expect(await admin.getByRole("checkbox", { name: /^Analyst — / }).isChecked()).toBe(true);
    expect(await admin.getByRole("checkbox", { name: /^Survey designer — / }).isChecked()).toBe(false);
    await expectNoAxeViolations(admin);

    await admin.getByRole("checkbox", { name: /^Survey designer — / }).check();
    await Promise.all([
      admin.waitForURL(`**${members}?done=updated`),
      admin.getByRole("button", { name: "Save roles" }).click(),
    ]);
    await expect.poll(() => admin.getByRole("status").textContent()).toBe("The roles have been saved.");
    const tags = await rowOf(admin, invitee.name).locator(".tag").allTextContents();
    expect(tags.sort()).toEqual(["Analyst", "Survey designer"]);
    await expectNoAxeViolations(admin);

    // The member sees the new role too.
    await person.reload();
    expect(await person.locator(".summary-list").textContent()).toContain("Concepteur de sondages");
  });

  test("the audit log shows the invitation, its acceptance and the role change, and filters by action", async () => {
    await visit(admin, audit);
    await expect.poll(() => h1(admin)).toBe("Audit log");
    await expectNoAxeViolations(admin);
    const rows = admin.locator("tbody tr");
    const sent = rows.filter({ hasText: "Invitation sent" }).filter({ hasText: invitee.email });
    const accepted = rows.filter({ hasText: "Invitation accepted" }).filter({ hasText: userId });
    const changed = rows.filter({ hasText: "Roles changed" }).filter({ hasText: userId });
    expect(await sent.count()).toBe(1);
    expect(await sent.locator("td").first().textContent()).not.toBe("");
    expect(await rowCell(sent, 1)).toBe("admin@federal.example");
    expect(await accepted.count()).toBe(1);
    expect(await rowCell(accepted, 1)).toBe(invitee.email);
    expect(await changed.count()).toBe(1);
    expect(await rowCell(changed, 1)).toBe("admin@federal.example");
    expect(await changed.textContent()).toContain('"survey_designer"');

    await admin.getByLabel("Action").selectOption({ label: "Roles changed" });
    await Promise.all([
      admin.waitForURL(/[?&]action=member\.roles_changed/),
      admin.getByRole("button", { name: "Apply filters" }).click(),
    ]);
    // Only role changes are listed (polled: the list re-renders after the URL changes).
    await expect
      .poll(async () => new Set(await admin.locator("tbody tr th[scope=row]").allTextContents()))
      .toEqual(new Set(["Roles changed"]));
    expect(await admin.locator("tbody tr").filter({ hasText: userId }).count()).toBe(1);
    expect(await admin.getByLabel("Action").inputValue()).toBe("member.roles_changed");
    await expectNoAxeViolations(admin);
  });

  test("the admin removes the member, who loses access", async () => {
    await visit(admin, `${members}/${encodeURIComponent(userId)}`);
    await admin.getByRole("checkbox", { name: `I want to remove ${invitee.name}` }).check();
    await Promise.all([
      admin.waitForURL(`**${members}?done=removed`),
      admin.getByRole("button", { name: "Remove member" }).click(),
    ]);
    await expect.poll(() => admin.getByRole("status").textContent()).toBe("The member has been removed.");
    expect(await rowOf(admin, invitee.name).count()).toBe(0);
    await expectNoAxeViolations(admin);

    // The removal is logged, and the organization is gone for the former member (404, not 403).
    await visit(admin, `${audit}?action=member.removed`);
    expect(await admin.locator("tbody tr").filter({ hasText: userId }).count()).toBe(1);
    await visit(person, `/fr/organisations/${org}`, 404);
    await expect.poll(() => h1(person)).toBe("Nous n’avons pas trouvé cette page");
    await expectNoAxeViolations(person);
  });
});

async function rowCell(row: ReturnType<Page["locator"]>, index: number): Promise<string> {
  return ((await row.locator("td").nth(index).textContent()) ?? "").trim();
}
