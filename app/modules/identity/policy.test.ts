import { describe, expect, it } from "vitest";
import { can, orgRoles, permissionsOf } from "./policy.ts";

describe("permission policy", () => {
  it("lets organization admins manage members, settings and the audit log", () => {
    for (const p of ["org.members.manage", "org.settings.manage", "org.audit.view"] as const) {
      expect(can(["org_admin"], p)).toBe(true);
    }
  });

  it("keeps every other organization role away from member management", () => {
    for (const role of orgRoles.filter((r) => r !== "org_admin")) {
      expect(can([role], "org.members.manage"), role).toBe(false);
      expect(can([role], "org.settings.manage"), role).toBe(false);
      expect(can([role], "org.view"), role).toBe(true);
    }
  });

  it("gives analysts results but not survey design", () => {
    expect(can(["analyst"], "results.view")).toBe(true);
    expect(can(["analyst"], "surveys.design")).toBe(false);
    expect(can(["survey_designer"], "surveys.design")).toBe(true);
  });

  it("lets only organization admins and survey designers delete responses", () => {
    expect(orgRoles.filter((r) => can([r], "responses.delete")).sort()).toEqual(["org_admin", "survey_designer"]);
    expect(can(["platform_admin"], "responses.delete")).toBe(false);
    expect(can(["analyst"], "results.view")).toBe(true);
  });

  it("lets organization admins and survey designers set how results are weighted, analysts only read them", () => {
    expect(orgRoles.filter((r) => can([r], "results.configure")).sort()).toEqual(["org_admin", "survey_designer"]);
    expect(can(["analyst"], "results.view")).toBe(true);
    expect(can(["analyst"], "results.configure")).toBe(false);
  });

  it("combines several roles and ignores unknown ones", () => {
    expect(permissionsOf(["learner", "analyst"])).toEqual(expect.arrayContaining(["learning.take", "results.view"]));
    expect(can(["root", "superuser"], "org.view")).toBe(false);
    expect(permissionsOf([])).toEqual([]);
  });

  it("reserves platform management to platform admins", () => {
    expect(orgRoles).not.toContain("platform_admin");
    for (const role of orgRoles) expect(can([role], "platform.orgs.manage")).toBe(false);
    expect(can(["platform_admin"], "platform.orgs.manage")).toBe(true);
  });
});
