import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  changeDraft,
  createSurveyFromTemplate,
  getSurvey,
  publishSurvey,
} from "#app/modules/measure/surveys.server.ts";
import { survey as surveyTable } from "#app/modules/measure/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { readPage, visiblePages } from "./answers.ts";
import {
  availability,
  formatToken,
  getResponseByToken,
  getSurveyAndResponse,
  getSurveyForRespondent,
  normalizeToken,
  type ResponseInProgress,
  type RespondentSurvey,
  saveResponsePage,
  startResponse,
} from "./respond.server.ts";
import { response } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let live: RespondentSurvey;
const FEDERAL = "citizen-services-canada";
const SECRET = "a-test-secret-of-enough-length-0123456789";

beforeAll(async () => {
  s = await seededServices();
  const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
  const id = await createSurveyFromTemplate(designer, {
    titleEn: "Call centre 2026",
    titleFr: "Centre d'appels 2026",
    serviceEn: "Benefits line",
    serviceFr: "Ligne des prestations",
    channels: ["telephone"],
    variant: "citizen",
  });
  await changeDraft(designer, id, {
    op: "addPage",
    titleEn: "How you reached us",
    titleFr: "Comment vous nous avez joints",
  });
  await changeDraft(designer, id, { op: "addQuestion", pageKey: "p2", code: "SUP-CTX-03" });
  await changeDraft(designer, id, { op: "addPage", titleEn: "The phone line", titleFr: "La ligne téléphonique" });
  await changeDraft(designer, id, { op: "addQuestion", pageKey: "p3", code: "SUP-TEL-04" });
  await changeDraft(designer, id, { op: "addQuestion", pageKey: "p3", code: "SUP-TXT-01" });
  const draft = await getSurvey(designer, id);
  const tel = draft.draft.pages[2]?.items[0]?.key as string;
  await expect(
    changeDraft(designer, id, { op: "showIf", itemKey: tel, conditionCode: "SUP-CTX-03", values: ["fax"] }),
  ).rejects.toMatchObject({ code: "Invalid" });
  await changeDraft(designer, id, { op: "showIf", itemKey: tel, conditionCode: "SUP-CTX-03", values: ["telephone"] });
  await publishSurvey(designer, id);
  const [row] = await s.db.select({ key: surveyTable.publicKey }).from(surveyTable).where(eq(surveyTable.id, id));
  live = (await getSurveyForRespondent(s.db, row?.key as string)) as RespondentSurvey;
});

const start = (startKey = randomBytes(12).toString("base64url")) =>
  startResponse(s.db, SECRET, live, { lang: "fr", startKey, channel: "web" });

async function answerPage(token: string, pageKey: string, form: Record<string, string[]>, submit = false) {
  const current = await getResponseByToken(s.db, s.keyring, live, token);
  if (!current) throw new Error("no response");
  return saveResponsePage(s.db, s.keyring, live, current, pageFor(current, pageKey, form), submit);
}

/** A page's answers as read from a form, against the response as `current` shows it. */
function pageFor(current: ResponseInProgress, pageKey: string, form: Record<string, string[]>) {
  const page = visiblePages(live.definition, current.answers).find((p) => p.key === pageKey);
  if (!page) throw new Error(`page ${pageKey} not visible`);
  const read = readPage(page, current.answers, (f) => form[f] ?? [], true);
  expect(read.errors).toEqual([]);
  return { key: page.key, ...read, done: true };
}

describe("responding", () => {
  it("finds published surveys by their public key only", async () => {
    expect(live.version).toBe(1);
    expect(availability(live)).toBe("open");
    expect(await getSurveyForRespondent(s.db, "000000000000")).toBeNull();
    expect(await getSurveyForRespondent(s.db, "'; drop table")).toBeNull();
    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    const draftId = await createSurveyFromTemplate(designer, {
      titleEn: "Draft",
      titleFr: "Ébauche",
      serviceEn: "x",
      serviceFr: "x",
      channels: ["online"],
      variant: "citizen",
    });
    const [draft] = await s.db
      .select({ key: surveyTable.publicKey })
      .from(surveyTable)
      .where(eq(surveyTable.id, draftId));
    expect(await getSurveyForRespondent(s.db, draft?.key as string)).toBeNull();
  });

  it("starts once per start key, however often Start is pressed", async () => {
    const key = "double-click-key-0001";
    const [a, b] = await Promise.all([start(key), start(key)]);
    expect(a).toBe(b);
    const rows = await s.db.select().from(response).where(eq(response.startKey, key));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "partial", channel: "web", lang: "fr", version: 1 });
    expect(normalizeToken(formatToken(a).toLowerCase())).toBe(a);
    expect(normalizeToken("not-a-token")).toBeNull();
  });

  it("saves each page, seals free text, follows logic, and submits exactly once", async () => {
    const token = await start();
    const core = live.definition.pages[0]?.items ?? [];
    const firstPage = Object.fromEntries(
      core.map((i) => [`q_${i.code}`, i.question.type === "scale5" ? ["4"] : ["1"]]),
    );
    expect(await answerPage(token, "p1", firstPage)).toBe("saved");
    expect(await answerPage(token, "p2", { "q_SUP-CTX-03": ["online"] })).toBe("saved");
    let current = await getResponseByToken(s.db, s.keyring, live, token);
    // Not a phone user: the phone question is skipped, the comment is still asked.
    expect(
      visiblePages(live.definition, current?.answers ?? {})
        .at(-1)
        ?.items.map((i) => i.code),
    ).toEqual(["SUP-TXT-01"]);
    const comment = "Le délai était long. <script>alert(1)</script>";
    const outcomes = await Promise.all([
      answerPage(token, "p3", { "q_SUP-TXT-01": [comment] }, true),
      answerPage(token, "p3", { "q_SUP-TXT-01": [comment] }, true),
    ]);
    expect(outcomes.sort()).toEqual(["alreadySubmitted", "submitted"]);
    current = await getResponseByToken(s.db, s.keyring, live, token);
    expect(current?.status).toBe("complete");
    expect(current?.answers["SUP-TXT-01"]).toBe(comment);
    const [stored] = await s.db
      .select()
      .from(response)
      .where(eq(response.id, current?.id as string));
    expect(JSON.stringify(stored?.answers)).not.toContain("délai");
    expect(stored?.pagesDone).toEqual(["p1", "p2", "p3"]);
    expect(stored?.submittedAt).toBeInstanceOf(Date);
  });

  it("drops answers that a changed earlier answer hides", async () => {
    const token = await start();
    await answerPage(token, "p2", { "q_SUP-CTX-03": ["telephone"] });
    await answerPage(token, "p3", { "q_SUP-TEL-04": ["once"] });
    let current = await getResponseByToken(s.db, s.keyring, live, token);
    expect(Object.keys(current?.answers ?? {})).toContain("SUP-TEL-04");
    await answerPage(token, "p2", { "q_SUP-CTX-03": ["online"] });
    current = await getResponseByToken(s.db, s.keyring, live, token);
    expect(Object.keys(current?.answers ?? {})).not.toContain("SUP-TEL-04");
  });

  it("keeps both pages when two saves start from the same state of a response", async () => {
    const token = await start();
    const current = await getResponseByToken(s.db, s.keyring, live, token);
    if (!current) throw new Error("no response");
    const core = live.definition.pages[0]?.items ?? [];
    const firstPage = Object.fromEntries(core.map((i) => [`q_${i.code}`, ["3"]]));
    // Both saves were computed from `current`; the second to write must not overwrite the first.
    const outcomes = await Promise.all([
      saveResponsePage(s.db, s.keyring, live, current, pageFor(current, "p1", firstPage), false),
      saveResponsePage(s.db, s.keyring, live, current, pageFor(current, "p2", { "q_SUP-CTX-03": ["online"] }), false),
    ]);
    expect(outcomes).toEqual(["saved", "saved"]);
    const after = await getResponseByToken(s.db, s.keyring, live, token);
    expect([...(after?.pagesDone ?? [])].sort()).toEqual(["p1", "p2"]);
    expect(after?.answers["SUP-CTX-03"]).toBe("online");
    expect(Object.keys(after?.answers ?? {})).toEqual(expect.arrayContaining(core.map((i) => i.code)));
    // A save from a state that is no longer the row's is merged into the newer one, not written over it.
    const stale = await saveResponsePage(
      s.db,
      s.keyring,
      live,
      current,
      pageFor(current, "p2", { "q_SUP-CTX-03": ["mail"] }),
      false,
    );
    expect(stale).toBe("saved");
    const last = await getResponseByToken(s.db, s.keyring, live, token);
    expect(last?.answers["SUP-CTX-03"]).toBe("mail");
    expect(Object.keys(last?.answers ?? {})).toEqual(expect.arrayContaining(core.map((i) => i.code)));
  });

  it("keeps a submitted response unchangeable in the database itself", async () => {
    const [done] = await s.db
      .select({ id: response.id, orgId: response.orgId })
      .from(response)
      .where(and(eq(response.surveyId, live.surveyId), eq(response.status, "complete")));
    if (!done) throw new Error("no complete response");
    const where = and(eq(response.orgId, done.orgId), eq(response.id, done.id));
    await expect(
      s.db
        .update(response)
        .set({ answers: { X: 1 } })
        .where(where),
    ).rejects.toThrow();
    await expect(s.db.update(response).set({ status: "partial" }).where(where)).rejects.toThrow();
    // Anonymizing once, at the end of retention, is the one change allowed.
    await s.db.update(response).set({ answers: {}, anonymizedAt: new Date() }).where(where);
  });

  it("forgets the staff member who keyed in a response to an anonymous survey when it is submitted", async () => {
    const token = await startResponse(s.db, SECRET, live, {
      lang: "en",
      startKey: randomBytes(12).toString("base64url"),
      channel: "staff",
      enteredBy: "staff-user-id",
    });
    const current = await getResponseByToken(s.db, s.keyring, live, token);
    if (!current) throw new Error("no response");
    const enteredBy = async () =>
      (await s.db.select({ enteredBy: response.enteredBy }).from(response).where(eq(response.id, current.id)))[0]
        ?.enteredBy;
    expect(await enteredBy()).toBe("staff-user-id");
    const page = { key: "p1", answers: {}, cleared: [], done: true };
    expect(await saveResponsePage(s.db, s.keyring, live, current, page, true)).toBe("submitted");
    expect(await enteredBy()).toBeNull();
  });

  it("reads a survey and a token's response together, the response only in its own survey", async () => {
    const token = await start();
    await answerPage(token, "p2", { "q_SUP-CTX-03": ["online"] });
    const both = await getSurveyAndResponse(s.db, s.keyring, live.publicKey, token);
    expect(both?.survey).toEqual(live);
    expect(both?.response).toEqual(await getResponseByToken(s.db, s.keyring, live, token));
    expect(both?.response?.answers["SUP-CTX-03"]).toBe("online");
    expect(await getSurveyAndResponse(s.db, s.keyring, live.publicKey, "AAAAAAAAAAAA")).toEqual({
      survey: live,
      response: null,
    });
    expect(await getSurveyAndResponse(s.db, s.keyring, "000000000000", token)).toBeNull();

    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    const otherId = await createSurveyFromTemplate(designer, {
      titleEn: "Counter 2026",
      titleFr: "Comptoir 2026",
      serviceEn: "Passports",
      serviceFr: "Passeports",
      channels: ["in_person"],
      variant: "citizen",
    });
    await publishSurvey(designer, otherId);
    const [other] = await s.db
      .select({ key: surveyTable.publicKey })
      .from(surveyTable)
      .where(eq(surveyTable.id, otherId));
    const opened = await getSurveyAndResponse(s.db, s.keyring, other?.key as string, token);
    expect(opened?.survey.surveyId).toBe(otherId);
    expect(opened?.response).toBeNull();
  });

  it("opens a token only for its own survey", async () => {
    const token = await start();
    const other = { ...live, surveyId: "00000000-0000-4000-8000-000000000000" };
    expect(await getResponseByToken(s.db, s.keyring, other, token)).toBeNull();
    expect(await getResponseByToken(s.db, s.keyring, live, "AAAAAAAAAAAA")).toBeNull();
  });
});

describe("a republish while a response is open", () => {
  it("leaves the response on the version it started on, wording and record alike", async () => {
    const token = await start();
    await answerPage(token, "p1", {});
    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    await changeDraft(designer, live.surveyId, { op: "addQuestion", pageKey: "p2", code: "SUP-CTX-08" });
    await publishSurvey(designer, live.surveyId);
    const codesOn = (survey: RespondentSurvey) => survey.definition.pages.flatMap((p) => p.items.map((i) => i.code));

    const opened = await getSurveyAndResponse(s.db, s.keyring, live.publicKey, token);
    expect(opened?.response?.version).toBe(1);
    expect(opened?.survey.version).toBe(1);
    expect(codesOn(opened?.survey as RespondentSurvey)).not.toContain("SUP-CTX-08");
    // Someone starting now answers the new version.
    const current = (await getSurveyForRespondent(s.db, live.publicKey)) as RespondentSurvey;
    expect(current.version).toBe(2);
    expect(codesOn(current)).toContain("SUP-CTX-08");
    const fresh = await startResponse(s.db, SECRET, current, {
      lang: "en",
      startKey: "a-new-start-key-0001",
      channel: "web",
    });
    const reopened = await getSurveyAndResponse(s.db, s.keyring, live.publicKey, fresh);
    expect(reopened?.survey.version).toBe(2);
    expect(reopened?.response?.version).toBe(2);
  });
});
