import { and, count, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { z } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { findAuditEvents } from "#app/modules/identity/audit.server.ts";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { closeSurvey, createSurveyFromTemplate } from "#app/modules/measure/surveys.server.ts";
import { createIngestSurvey, ingestPeople } from "#tests/support/ingest-survey.ts";
import { createTestServices } from "#tests/support/test-db.ts";
import {
  type ApiCaller,
  authenticateApiToken,
  createApiToken,
  findApiTokens,
  revokeApiToken,
} from "./api-tokens.server.ts";
import { codebookTable, xlsxStream } from "./export-writers.server.ts";
import { startResponseExport } from "./export.server.ts";
import { openApiDocument } from "./ingest-api.ts";
import { receiveResponses } from "./ingest-api.server.ts";
import { response } from "./schema.ts";

let s: Awaited<ReturnType<typeof createTestServices>>;
let people: Awaited<ReturnType<typeof ingestPeople>>;
let admin: TenantCtx;
let designer: TenantCtx;
let caller: ApiCaller;
let token: string;
let surveyId: string;

beforeAll(async () => {
  s = await createTestServices();
  people = await ingestPeople(s);
  admin = people.admin;
  designer = people.designer;
  surveyId = await createIngestSurvey(designer);
  token = (await createApiToken(admin, feed("Kiosk feed"))).token;
  caller = await callerOf(token);
});

const feed = (name: string) => ({ name, scopes: ["responses:write"] as const, expiresAt: null });
const authenticate = (header: string | null) => authenticateApiToken(s.db, header, "responses:write");
async function callerOf(secret: string): Promise<ApiCaller> {
  const auth = await authenticate(`Bearer ${secret}`);
  if (!auth.ok) throw new Error(`the new token is refused: ${auth.error}`);
  return auth.caller;
}

const good = {
  responses: [
    { answers: { "CORE-OS-01": 5, "SUP-CTX-03": "telephone", "SUP-TEL-04": "once" }, lang: "fr" },
    {
      answers: { "SUP-CTX-04": ["online", "mail"], "SUP-TXT-01": "<b>Bravo</b>" },
      lang: "en",
      submittedAt: "2026-03-01T10:15:00-05:00",
    },
  ],
};

let keys = 0;
const send = (body: unknown, key = `key-${++keys}`, id = surveyId, as = caller) =>
  receiveResponses(s.db, s.keyring, as, {
    surveyId: id,
    idempotencyKey: key,
    body: typeof body === "string" ? body : JSON.stringify(body),
    lang: "en",
  });

const apiResponses = async () => {
  const [row] = await s.db
    .select({ n: count() })
    .from(response)
    .where(and(eq(response.orgId, admin.orgId), eq(response.surveyId, surveyId), eq(response.channel, "api")));
  return row?.n ?? 0;
};

describe("API tokens", () => {
  it("are shown once, kept as a hash, listed, used and revoked, with audit", async () => {
    expect(token).toMatch(/^oi_[\w-]{43}$/);
    expect(caller.orgId).toBe(admin.orgId);
    const listed = await findApiTokens(admin);
    expect(listed.find((t) => t.id === caller.tokenId)).toMatchObject({ name: "Kiosk feed", revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await findApiTokens(admin)).find((t) => t.id === caller.tokenId)?.lastUsedAt).toBeInstanceOf(Date);

    const other = await createApiToken(admin, feed("Old feed"));
    expect((await authenticate(`bearer ${other.token}`)).ok).toBe(true);
    await revokeApiToken(admin, other.id);
    expect(await authenticate(`Bearer ${other.token}`)).toEqual({ ok: false, status: 401, error: "Unauthenticated" });
    await expect(revokeApiToken(admin, other.id)).rejects.toMatchObject({ code: "NotFound" });
    const { events } = await findAuditEvents(admin, { page: 1 });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["api_token.created", "api_token.revoked"]));
    expect(JSON.stringify(events)).not.toContain(other.token);
  });

  it("authenticate nothing else", async () => {
    for (const header of [null, "", "Bearer", `Basic ${token}`, `Bearer ${token}x`, "Bearer oi_made-up"]) {
      expect(await authenticate(header)).toEqual({ ok: false, status: 401, error: "Unauthenticated" });
    }
  });

  it("are managed by organization admins only", async () => {
    await expect(createApiToken(designer, feed("x"))).rejects.toMatchObject({ code: "Forbidden" });
    const ontario = people.otherAdmin;
    await expect(revokeApiToken(ontario, caller.tokenId)).rejects.toMatchObject({ code: "NotFound" });
  });
});

describe("POST /api/v1/surveys/:surveyId/responses", () => {
  it("adds complete responses on the api channel, free text sealed", async () => {
    const answer = await send(good);
    expect(answer.status).toBe(201);
    const body = answer.body as { responseIds: string[] };
    expect(body).toMatchObject({ surveyId, version: 1, received: 2 });
    const [first] = await s.db
      .select()
      .from(response)
      .where(eq(response.id, body.responseIds[0] as string));
    expect(first).toMatchObject({ channel: "api", status: "complete", lang: "fr", version: 1 });
    expect(first?.answers).toEqual({ "CORE-OS-01": 5, "SUP-CTX-03": "telephone", "SUP-TEL-04": "once" });
    const [second] = await s.db
      .select()
      .from(response)
      .where(eq(response.id, body.responseIds[1] as string));
    expect(second?.submittedAt?.toISOString()).toBe("2026-03-01T15:15:00.000Z");
    expect(JSON.stringify(second?.answers)).not.toContain("Bravo");
  });

  it("keeps no control character nor noncharacter, and the survey's Excel export still reads", async () => {
    const texts = ["NUL\u0000here", "SOH\u0001here", "VT\u000bhere", "nonchar\ufffehere", "RLO\u202eereh"];
    const answer = await send({ responses: texts.map((text) => ({ answers: { "SUP-TXT-01": text }, lang: "en" })) });
    expect(answer.status).toBe(201);
    const ids = (answer.body as { responseIds: string[] }).responseIds;
    const options = { values: "codes", labelLang: "en", includePartial: false, format: "xlsx" } as const;
    const { plan, rows } = await startResponseExport(admin, s.keyring, surveyId, options);
    const file = xlsxStream({ header: plan.header, rows }, codebookTable(plan.codebook, "en"), "en");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat((await file.toArray()) as Buffer[]) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const column = plan.header.indexOf("SUP-TXT-01") + 1;
    const kept = new Map<unknown, unknown>();
    sheet.eachRow((row) => kept.set(row.getCell(1).value, row.getCell(column).value));
    // A vertical tab is a line break (Word's manual one); the others are simply gone.
    expect(ids.map((id) => kept.get(id))).toEqual(["NULhere", "SOHhere", "VT\nhere", "noncharhere", "RLOereh"]);
  });

  it("replays a retry and refuses the same key with another body", async () => {
    const before = await apiResponses();
    const first = await send(good, "retry-me");
    const again = await send(good, "retry-me");
    expect(again).toEqual({ ...first, replayed: true });
    expect((await apiResponses()) - before).toBe(2);
    const other = await send({ responses: [{ answers: { "CORE-OS-01": 1 }, lang: "en" }] }, "retry-me");
    expect(other).toEqual({ status: 409, body: { error: "IdempotencyKeyReused" } });
    const [a, b] = await Promise.all([send(good, "raced"), send(good, "raced")]);
    expect([a?.status, b?.status]).toEqual([201, 201]);
    expect(a?.body).toEqual(b?.body);
    expect((await apiResponses()) - before).toBe(4);
  });

  it("checks every response and writes none when one is wrong", async () => {
    const before = await apiResponses();
    const answer = await send({
      responses: [
        { answers: { "CORE-OS-01": 4 }, lang: "en" },
        { answers: { "CORE-OS-01": 7, "SUP-OVR-01": "11", "NOPE-01": 1 }, lang: "en" },
        { answers: { "SUP-CTX-03": "in_person", "SUP-TEL-04": "once", "SUP-CTX-08": 400 }, lang: "fr" },
        { answers: {}, lang: "en", submittedAt: "2099-01-01" },
        { answers: { "CORE-OS-01": true }, lang: "de" },
      ],
    });
    expect(answer.status).toBe(422);
    const { errors } = answer.body as {
      errors: { index: number; code: string | null; reason: string; message: string }[];
    };
    // Every problem of every response at once: wrong properties hide no answer's problem.
    expect(errors.map((e) => [e.index, e.code, e.reason])).toEqual([
      [1, "NOPE-01", "unknownQuestion"],
      [1, "CORE-OS-01", "choice"],
      [1, "SUP-OVR-01", "choice"],
      [2, "SUP-CTX-08", "range"],
      [2, "SUP-TEL-04", "hidden"],
      [3, null, "empty"],
      [3, null, "submittedAt"],
      [4, "CORE-OS-01", "type"],
      [4, null, "invalid"],
    ]);
    const found = errors;
    // A response without its language still has its answers checked.
    const noLang = await send({ responses: [{ answers: { "CORE-OS-01": 7 } }, { answers: { "SUP-CTX-08": 400 } }] });
    const missing = (
      noLang.body as { errors: { index: number; code: string | null; field?: string; reason: string }[] }
    ).errors;
    expect(missing.map((e) => [e.index, e.code, e.field ?? null, e.reason])).toEqual([
      [0, null, "responses.0.lang", "invalid"],
      [0, "CORE-OS-01", null, "choice"],
      [1, null, "responses.1.lang", "invalid"],
      [1, "SUP-CTX-08", null, "range"],
    ]);
    expect(found[3]?.message).toBe("Enter a number from 0 to 365.");
    expect(await apiResponses()).toBe(before);
    expect((await send("{not json")).status).toBe(400);
    expect((await send({ responses: [] })).status).toBe(422);
    expect((await send({ responses: Array.from({ length: 1001 }, () => good.responses[0]) })).status).toBe(422);
  });

  it("answers 404 for another organization's survey and 409 for one not open", async () => {
    const ontario = people.otherAdmin;
    const { token: theirs } = await createApiToken(ontario, feed("Ontario feed"));
    const them = await callerOf(theirs);
    expect(await send(good, "x-org", surveyId, them)).toEqual({ status: 404, body: { error: "NotFound" } });
    expect((await send(good, "no-uuid", "not-a-uuid")).status).toBe(404);
    const draft = await createSurveyFromTemplate(designer, {
      titleEn: "Draft",
      titleFr: "Ébauche",
      serviceEn: "S",
      serviceFr: "S",
      channels: ["online"],
      variant: "citizen",
    });
    expect(await send(good, "draft", draft)).toEqual({ status: 409, body: { error: "SurveyNotOpen" } });
    const closing = await createIngestSurvey(designer, "Closing soon");
    const sent = await send(good, "before-closing", closing);
    await closeSurvey(designer, closing);
    expect(await send(good, "after-closing", closing)).toEqual({ status: 409, body: { error: "SurveyNotOpen" } });
    // A retry of what was accepted before closing still gets its answer.
    expect(await send(good, "before-closing", closing)).toEqual({ ...sent, replayed: true });
    const { events } = await findAuditEvents(admin, { action: "responses.imported", page: 1 });
    expect(events[0]?.after).toMatchObject({ channel: "api", imported: 2 });
  });
});

describe("the OpenAPI description", () => {
  const doc = JSON.parse(JSON.stringify(openApiDocument("https://outside-in.example"))) as {
    openapi: string;
    paths: Record<
      string,
      { post: { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> } }
    >;
    components: { schemas: Record<string, object> };
  };
  const schemaOf = (ref: string) => {
    const name = ref.split("/").at(-1) as string;
    // Refs between components, resolved the way a client would.
    const resolved = JSON.parse(
      JSON.stringify(doc.components.schemas[name]).replace(/"\$ref":"#\/components\/schemas\/(\w+)"/g, (_, n: string) =>
        JSON.stringify(doc.components.schemas[n]).slice(1, -1),
      ),
    );
    return z.fromJSONSchema(resolved);
  };

  it("is OpenAPI 3.1 with the endpoint, and real requests and answers match it", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const post = doc.paths["/api/v1/surveys/{surveyId}/responses"]?.post;
    expect(Object.keys(post?.responses ?? {}).sort()).toEqual([
      "201",
      "400",
      "401",
      "403",
      "404",
      "409",
      "413",
      "415",
      "422",
    ]);
    const request = schemaOf("#/components/schemas/IngestRequest");
    expect(request.safeParse(good).success).toBe(true);
    expect(request.safeParse({ responses: [{ answers: { x: true }, lang: "en" }] }).success).toBe(false);
    for (const [body, status] of [
      [good, "201"],
      [{ responses: [{ answers: { "CORE-OS-01": 9 }, lang: "en" }] }, "422"],
      ["{", "400"],
    ] as const) {
      const answer = await send(body);
      expect(String(answer.status)).toBe(status);
      const ref = post?.responses[status]?.content["application/json"]?.schema.$ref as string;
      expect(schemaOf(ref).safeParse(answer.body).success, `${status} body matches ${ref}`).toBe(true);
    }
  });
});
