import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findAuditEvents } from "#app/modules/identity/audit.server.ts";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { changeMemberRoles, removeMember } from "#app/modules/identity/members.server.ts";
import { membership, user } from "#app/modules/identity/schema.ts";
import { answerResultsRequest } from "#app/modules/insights/results-api.server.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { createIngestSurvey, ingestPeople } from "#tests/support/ingest-survey.ts";
import { createTestServices } from "#tests/support/test-db.ts";
import type { ApiScope } from "./api-scopes.ts";
import { apiTokenInput } from "./api-token-input.ts";
import {
  type ApiCaller,
  apiTokenRefused,
  authenticateApiToken,
  createApiToken,
  findApiTokens,
} from "./api-tokens.server.ts";
import { receiveResponses } from "./ingest-api.server.ts";
import { apiToken } from "./schema.ts";

let s: Awaited<ReturnType<typeof createTestServices>>;
let people: Awaited<ReturnType<typeof ingestPeople>>;
let admin: TenantCtx;
let surveyId: string;

beforeAll(async () => {
  s = await createTestServices();
  people = await ingestPeople(s);
  admin = people.admin;
  surveyId = await createIngestSurvey(people.designer);
});

const make = (ctx: TenantCtx, scopes: ApiScope[], expiresAt: Date | null = null) =>
  createApiToken(ctx, { name: `Feed ${scopes.join(" ")}`, scopes, expiresAt });
const use = (token: string, scope: ApiScope) => authenticateApiToken(s.db, `Bearer ${token}`, scope);
async function callerOf(token: string, scope: ApiScope): Promise<ApiCaller> {
  const auth = await use(token, scope);
  if (!auth.ok) throw new Error(`refused: ${auth.error}`);
  return auth.caller;
}

/** A second administrator of the organization, who makes tokens and then leaves or is demoted. */
async function secondAdmin(id: string): Promise<TenantCtx> {
  const email = `${id}@federal-ingest.example`;
  await s.db.insert(user).values({ id, name: id, email });
  await s.db.insert(membership).values({ orgId: admin.orgId, userId: id, roles: ["org_admin"] });
  return { ...admin, userId: id, email, name: id, roles: ["org_admin"] };
}

const lastUsed = async (id: string) => {
  const [row] = await s.db
    .select({ at: apiToken.lastUsedAt })
    .from(apiToken)
    .where(and(eq(apiToken.orgId, admin.orgId), eq(apiToken.id, id)));
  return row?.at ?? null;
};

describe("API token scopes", () => {
  it("a token that sends responses cannot read results or members: 403 with the missing scope", async () => {
    const { token } = await make(admin, ["responses:write"]);
    expect((await use(token, "responses:write")).ok).toBe(true);
    const refused = await use(token, "results:read");
    expect(refused).toEqual({ ok: false, status: 403, error: "InsufficientScope" });
    expect((await use(token, "members:read")).ok).toBe(false);
    if (refused.ok) return;
    const answer = apiTokenRefused(refused, "results:read");
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({ error: "InsufficientScope", scope: "results:read" });
    expect(answer.headers.get("www-authenticate")).toBe(
      'Bearer realm="outside-in", error="insufficient_scope", scope="results:read"',
    );
  });

  it("a results token cannot send responses", async () => {
    const { token } = await make(admin, ["results:read"]);
    expect(await use(token, "responses:write")).toMatchObject({ status: 403, error: "InsufficientScope" });
    expect((await use(token, "results:read")).ok).toBe(true);
  });

  it("are listed with scopes, creator, expiry and last use; the creation is audited with them", async () => {
    const expiresAt = new Date(Date.now() + 7 * 86_400_000);
    const { id } = await make(admin, ["results:read", "members:read"], expiresAt);
    const listed = (await findApiTokens(admin)).find((t) => t.id === id);
    expect(listed).toMatchObject({
      scopes: ["results:read", "members:read"],
      createdBy: admin.email,
      expiresAt,
      lastUsedAt: null,
      status: "active",
    });
    const { events } = await findAuditEvents(admin, { page: 1, action: "api_token.created" });
    expect(events.find((e) => e.targetId === id)?.after).toEqual({
      name: "Feed results:read members:read",
      scopes: ["results:read", "members:read"],
      expiresAt: expiresAt.toISOString(),
    });
  });

  it("are refused without a scope or with an expiry over a year away", async () => {
    await expect(make(admin, [])).rejects.toMatchObject({ key: "apiTokens.errors.scopes" });
    const tooFar = new Date(Date.now() + 400 * 86_400_000);
    await expect(make(admin, ["results:read"], tooFar)).rejects.toMatchObject({ key: "apiTokens.errors.tooFar" });
  });
});

describe("the creation form's schema", () => {
  const form = (fields: Record<string, string | string[]>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) data.append(k, one);
    return parseForm(apiTokenInput, data);
  };
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  it("takes scopes and an optional last day within a year, with translated errors", () => {
    expect(form({ tokenName: "Kiosk", scopes: ["responses:write", "results:read"], expires: "" })).toMatchObject({
      ok: true,
      data: { scopes: ["responses:write", "results:read"], expires: undefined },
    });
    expect(form({ tokenName: "Kiosk", scopes: "results:read", expires: day(365) }).ok).toBe(true);
    expect(form({ tokenName: "Kiosk" })).toMatchObject({ errors: { scopes: "apiTokens.errors.scopes" } });
    expect(form({ tokenName: "Kiosk", scopes: "admin:all" })).toMatchObject({
      errors: { scopes: "apiTokens.errors.scopes" },
    });
    const at = (expires: string) => form({ tokenName: "Kiosk", scopes: "results:read", expires });
    expect(at("2026-02-30")).toMatchObject({ errors: { expires: "apiTokens.errors.date" } });
    expect(at(day(-2))).toMatchObject({ errors: { expires: "apiTokens.errors.past" } });
    expect(at(day(400))).toMatchObject({ errors: { expires: "apiTokens.errors.tooFar" } });
    expect(at("9999-12-31")).toMatchObject({ errors: { expires: "apiTokens.errors.tooFar" } });
  });
});

describe("a token stops working", () => {
  it("once past its expiry: 401 TokenExpired, audited once per hour, not per call", async () => {
    const { id, token } = await make(admin, ["results:read"], new Date(Date.now() + 86_400_000));
    expect((await use(token, "results:read")).ok).toBe(true);
    await s.db
      .update(apiToken)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(apiToken.orgId, admin.orgId), eq(apiToken.id, id)));
    expect(await use(token, "results:read")).toEqual({ ok: false, status: 401, error: "TokenExpired" });
    expect(await use(token, "results:read")).toEqual({ ok: false, status: 401, error: "TokenExpired" });
    expect((await findApiTokens(admin)).find((t) => t.id === id)?.status).toBe("expired");
    const { events } = await findAuditEvents(admin, { page: 1, action: "api_token.denied" });
    expect(events.filter((e) => e.targetId === id).map((e) => e.after)).toEqual([
      { name: "Feed results:read", reason: "TokenExpired", scope: "results:read" },
    ]);
  });

  it("when its creator leaves the organization: 401 TokenInactive", async () => {
    const leaving = await secondAdmin("leaving-admin");
    const { id, token } = await make(leaving, ["responses:write"]);
    expect((await use(token, "responses:write")).ok).toBe(true);
    await removeMember(admin, leaving.userId);
    expect(await use(token, "responses:write")).toEqual({ ok: false, status: 401, error: "TokenInactive" });
    expect((await findApiTokens(admin)).find((t) => t.id === id)?.status).toBe("inactive");
  });

  it("when its creator is no longer an administrator: 401 TokenInactive", async () => {
    const demoted = await secondAdmin("demoted-admin");
    const { token } = await make(demoted, ["results:read"]);
    expect((await use(token, "results:read")).ok).toBe(true);
    await changeMemberRoles(admin, demoted.userId, ["analyst"]);
    expect(await use(token, "results:read")).toEqual({ ok: false, status: 401, error: "TokenInactive" });
    // Made an administrator again, the creator's token works again: the check is at each use.
    await changeMemberRoles(admin, demoted.userId, ["org_admin"]);
    expect((await use(token, "results:read")).ok).toBe(true);
  });
});

describe("a working token", () => {
  it("records when it was last used, at most once a minute", async () => {
    const { id, token } = await make(admin, ["responses:write"]);
    expect(await lastUsed(id)).toBeNull();
    await use(token, "responses:write");
    const first = await lastUsed(id);
    expect(first).toBeInstanceOf(Date);
    await use(token, "responses:write");
    expect(await lastUsed(id)).toEqual(first);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await s.db
      .update(apiToken)
      .set({ lastUsedAt: twoMinutesAgo })
      .where(and(eq(apiToken.orgId, admin.orgId), eq(apiToken.id, id)));
    await use(token, "responses:write");
    expect((await lastUsed(id))?.getTime()).toBeGreaterThan(twoMinutesAgo.getTime());
  });

  it("of another organization finds none of our surveys: 404", async () => {
    const theirs = await make(people.otherAdmin, ["responses:write", "results:read"]);
    const writer = await callerOf(theirs.token, "responses:write");
    const answer = await receiveResponses(s.db, s.keyring, writer, {
      surveyId,
      idempotencyKey: "foreign",
      body: JSON.stringify({ responses: [{ answers: { "CORE-OS-01": 5 }, lang: "en" }] }),
      lang: "en",
    });
    expect(answer).toEqual({ status: 404, body: { error: "NotFound" } });
    const reader = await callerOf(theirs.token, "results:read");
    expect(await answerResultsRequest(s.db, reader, surveyId, new URLSearchParams())).toEqual({
      status: 404,
      body: { error: "NotFound" },
    });
  });
});
