import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seededServices } from "#tests/support/fixtures.ts";
import { findAuditEvents } from "./audit.server.ts";
import { changeMemberRoles, findMembers, getMember, removeMember } from "./members.server.ts";
import { getTenantContext } from "./organizations.server.ts";
import { auditEvent, membership } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
beforeAll(async () => {
  s = await seededServices();
});

const FEDERAL = "citizen-services-canada";

describe("members", () => {
  it("lists only the caller's organization", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    const members = await findMembers(admin);
    expect(members.map((m) => m.email).sort()).toEqual(
      [
        "admin@federal.example",
        "analyst@federal.example",
        "council@federal.example",
        "designer@federal.example",
        "facilitator@federal.example",
        "learner@federal.example",
      ].sort(),
    );
  });

  it("answers NotFound for a member of another organization", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    const ontario = await s.userCtx("analyst@ontario.example");
    await expect(getMember(admin, ontario.userId)).rejects.toMatchObject({ code: "NotFound" });
    await expect(changeMemberRoles(admin, ontario.userId, ["org_admin"])).rejects.toMatchObject({ code: "NotFound" });
    await expect(removeMember(admin, ontario.userId)).rejects.toMatchObject({ code: "NotFound" });
    const [row] = await s.db
      .select({ roles: membership.roles })
      .from(membership)
      .where(eq(membership.userId, ontario.userId));
    expect(row?.roles).toEqual(["analyst"]);
  });

  it("refuses role changes to members without the permission", async () => {
    const analyst = await s.tenantCtx("analyst@federal.example", FEDERAL);
    const learner = await s.userCtx("learner@federal.example");
    await expect(changeMemberRoles(analyst, learner.userId, ["org_admin"])).rejects.toMatchObject({
      code: "Forbidden",
    });
    const learnerCtx = await s.tenantCtx("learner@federal.example", FEDERAL);
    await expect(findMembers(learnerCtx)).rejects.toMatchObject({ code: "Forbidden" });
  });

  it("changes roles and records who changed what", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    const learner = await s.userCtx("learner@federal.example");
    await changeMemberRoles(admin, learner.userId, ["learner", "analyst"]);
    expect((await getMember(admin, learner.userId)).roles).toEqual(["learner", "analyst"]);
    const { events } = await findAuditEvents(admin, { action: "member.roles_changed", page: 1 });
    expect(events[0]).toMatchObject({
      actorEmail: "admin@federal.example",
      targetId: learner.userId,
      before: { roles: ["learner"] },
      after: { roles: ["learner", "analyst"] },
    });
  });

  it("never leaves an organization without an admin", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    await expect(changeMemberRoles(admin, admin.userId, ["analyst"])).rejects.toMatchObject({
      code: "Conflict",
      key: "members.errors.lastAdmin",
    });
    await expect(removeMember(admin, admin.userId)).rejects.toMatchObject({ code: "Conflict" });
    expect((await getMember(admin, admin.userId)).roles).toEqual(["org_admin"]);
  });

  it("removes a member, who then has no way into the organization", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    const council = await s.userCtx("council@federal.example");
    await removeMember(admin, council.userId);
    expect(await getTenantContext(council, FEDERAL)).toBeNull();
    const audits = await s.db
      .select({ action: auditEvent.action })
      .from(auditEvent)
      .where(and(eq(auditEvent.orgId, admin.orgId), eq(auditEvent.targetId, council.userId)));
    expect(audits.map((a) => a.action)).toContain("member.removed");
  });

  it("keeps platform admins' role and lets only platform admins change them", async () => {
    const platform = await s.tenantCtx("platform.admin@institute.example", "institute");
    const designer = await s.userCtx("designer@federal.example");
    await s.db.insert(membership).values({ orgId: platform.orgId, userId: designer.userId, roles: ["org_admin"] });
    const otherAdmin = await s.tenantCtx("designer@federal.example", "institute");
    await expect(changeMemberRoles(otherAdmin, platform.userId, ["analyst"])).rejects.toMatchObject({
      code: "Forbidden",
      key: "members.errors.platformAdmin",
    });
    await expect(removeMember(otherAdmin, platform.userId)).rejects.toMatchObject({ code: "Forbidden" });
    await changeMemberRoles(platform, platform.userId, ["org_admin", "analyst"]);
    expect((await getMember(platform, platform.userId)).roles.sort()).toEqual([
      "analyst",
      "org_admin",
      "platform_admin",
    ]);
  });
});
