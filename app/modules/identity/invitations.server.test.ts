import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seededServices } from "#tests/support/fixtures.ts";
import { mailTo } from "#tests/support/mail.ts";
import { findAuditEvents } from "./audit.server.ts";
import {
  acceptInvitation,
  findOpenInvitations,
  getInvitationByToken,
  inviteMember,
  revokeInvitation,
} from "./invitations.server.ts";
import { getTenantContext } from "./organizations.server.ts";
import { invitation } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
beforeAll(async () => {
  s = await seededServices();
});

const FEDERAL = "citizen-services-canada";
const BASE = "http://localhost:3000";
const invitationMail = () => ({ baseUrl: BASE, keyring: s.keyring });

async function lastMailTo(to: string) {
  return (await mailTo(s, to)).at(-1);
}

const tokenFrom = (text: string) => {
  const match = text.match(/\/invitations\/([\w-]+)/);
  if (!match?.[1]) throw new Error("no invitation link in the message");
  return match[1];
};

describe("invitations", () => {
  it("writes the invitation, a French e-mail and an audit record together", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    await inviteMember(
      admin,
      { email: " Nouvelle.Personne@Example.CA ", roles: ["analyst"], lang: "fr" },
      invitationMail(),
    );
    const mail = await lastMailTo("nouvelle.personne@example.ca");
    expect(mail?.subject).toBe("Alex Martin vous invite à vous joindre à Services aux citoyens Canada dans Outside-In");
    expect(mail?.text).toContain(`${BASE}/fr/invitations/`);
    expect(mail?.locale).toBe("fr");
    const open = await findOpenInvitations(admin);
    expect(open.map((i) => i.email)).toContain("nouvelle.personne@example.ca");
    const { events } = await findAuditEvents(admin, { action: "invitation.created", page: 1 });
    expect(events[0]?.after).toMatchObject({ email: "nouvelle.personne@example.ca", roles: ["analyst"] });
  });

  it("stores only a hash of the token", async () => {
    const mail = await lastMailTo("nouvelle.personne@example.ca");
    const token = tokenFrom(mail?.text ?? "");
    const rows = await s.db.select({ tokenHash: invitation.tokenHash }).from(invitation);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect((await getInvitationByToken(s.db, token))?.status).toBe("open");
  });

  it("escapes what users typed in the HTML of the e-mail", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    admin.name = '<img src=x onerror="alert(1)">';
    await inviteMember(admin, { email: "escaped@example.ca", roles: ["learner"], lang: "en" }, invitationMail());
    const mail = await lastMailTo("escaped@example.ca");
    expect(mail?.html).not.toContain("<img");
    expect(mail?.html).toContain("&#60;img");
  });

  it("refuses to invite someone who is already a member", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    await expect(
      inviteMember(admin, { email: "analyst@federal.example", roles: ["analyst"], lang: "en" }, invitationMail()),
    ).rejects.toMatchObject({ code: "Conflict", key: "invitations.errors.alreadyMember" });
  });

  it("lets only members who manage members invite", async () => {
    const analyst = await s.tenantCtx("analyst@federal.example", FEDERAL);
    await expect(
      inviteMember(analyst, { email: "x@example.ca", roles: ["org_admin"], lang: "en" }, invitationMail()),
    ).rejects.toMatchObject({ code: "Forbidden" });
    expect(await lastMailTo("x@example.ca")).toBeUndefined();
  });

  it("is accepted only by the invited address, once", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    await inviteMember(
      admin,
      { email: "analyst@ontario.example", roles: ["analyst", "learner"], lang: "en" },
      invitationMail(),
    );
    const token = tokenFrom((await lastMailTo("analyst@ontario.example"))?.text ?? "");
    const someoneElse = await s.userCtx("admin@ontario.example");
    await expect(acceptInvitation(someoneElse, token)).rejects.toMatchObject({ code: "Forbidden" });
    const invitee = await s.userCtx("analyst@ontario.example");
    expect(await acceptInvitation(invitee, token)).toEqual({ orgSlug: FEDERAL });
    expect((await getTenantContext(invitee, FEDERAL))?.roles).toEqual(["analyst", "learner"]);
    await expect(acceptInvitation(invitee, token)).rejects.toMatchObject({ code: "NotFound" });
    expect((await getInvitationByToken(s.db, token))?.status).toBe("accepted");
  });

  it("cannot be accepted once withdrawn", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    await inviteMember(
      admin,
      { email: "designer@ontario.example", roles: ["survey_designer"], lang: "en" },
      invitationMail(),
    );
    const token = tokenFrom((await lastMailTo("designer@ontario.example"))?.text ?? "");
    const open = await findOpenInvitations(admin);
    const id = open.find((i) => i.email === "designer@ontario.example")?.id as string;
    const otherOrgAdmin = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
    await expect(revokeInvitation(otherOrgAdmin, id)).rejects.toMatchObject({ code: "NotFound" });
    await revokeInvitation(admin, id);
    expect((await getInvitationByToken(s.db, token))?.status).toBe("revoked");
  });

  it("knows nothing of made-up tokens", async () => {
    expect(await getInvitationByToken(s.db, "not-a-real-token")).toBeNull();
  });

  it("can invite again once an invitation has expired", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    await inviteMember(admin, { email: "late@example.ca", roles: ["learner"], lang: "en" }, invitationMail());
    await s.db
      .update(invitation)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitation.email, "late@example.ca"));
    await inviteMember(admin, { email: "late@example.ca", roles: ["learner"], lang: "fr" }, invitationMail());
    const open = await findOpenInvitations(admin);
    expect(open.filter((i) => i.email === "late@example.ca")).toHaveLength(1);
  });
});
