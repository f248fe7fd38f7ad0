import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvent } from "#app/modules/identity/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import {
  createPrivateQuestion,
  findBankQuestions,
  getBankQuestion,
  setQuestionStatus,
  updateQuestion,
} from "./bank.server.ts";
import { syncPublicBank } from "./bank-sync.server.ts";
import { cmtBank } from "./cmt-bank.ts";
import { questionFormSchema } from "./question-input.ts";
import { bankQuestion } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
beforeAll(async () => {
  s = await seededServices();
});

const FEDERAL = "citizen-services-canada";
const ONTARIO = "ontario-service-delivery";

const privateInput = {
  type: "single",
  scale: null,
  options: [
    { code: "1", en: "Yes", fr: "Oui" },
    { code: "2", en: "No", fr: "Non" },
  ],
  min: null,
  max: null,
  textEn: "Did you renew a passport today?",
  textFr: "Avez-vous renouvelé un passeport aujourd'hui?",
  helpEn: null,
  helpFr: null,
  channels: ["in_person"],
  dimension: null,
  driver: null,
  element: "behaviour",
  variant: "citizen" as const,
  module: "custom",
};

describe("question bank", () => {
  it("holds the whole CMT bank once, however often it is synchronised", async () => {
    const operator = await s.tenantCtx("platform.admin@institute.example", "institute");
    await syncPublicBank(s.db, operator.orgId);
    const rows = await s.db.select({ code: bankQuestion.code }).from(bankQuestion);
    expect(rows).toHaveLength(cmtBank.length);
    expect(cmtBank.length).toBeGreaterThanOrEqual(120);
  });

  it("filters by channel, driver, variant and core, and searches both languages", async () => {
    const analyst = await s.tenantCtx("analyst@federal.example", FEDERAL);
    const core = await findBankQuestions(analyst, { coreOnly: true, page: 1 });
    expect(core.questions.length).toBeGreaterThan(10);
    expect(core.questions.every((q) => q.core)).toBe(true);
    const phone = await findBankQuestions(analyst, { channel: "telephone", page: 1 });
    expect(phone.questions.every((q) => q.channels.includes("telephone"))).toBe(true);
    const timeliness = await findBankQuestions(analyst, { driver: "timeliness", page: 1 });
    expect(timeliness.questions.length).toBeGreaterThanOrEqual(3);
    expect(timeliness.questions.every((q) => q.driver === "timeliness")).toBe(true);
    const business = await findBankQuestions(analyst, { variant: "business", page: 1 });
    expect(business.questions.every((q) => q.variant !== "citizen")).toBe(true);
    const french = await findBankQuestions(analyst, { q: "satisf", page: 1 });
    expect(french.questions.length).toBeGreaterThan(0);
    const noMatch = await findBankQuestions(analyst, { q: "%_%zzz", page: 1 });
    expect(noMatch.questions).toEqual([]);
  });

  it("keeps an organization's own questions private to it", async () => {
    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    const code = await createPrivateQuestion(designer, privateInput);
    expect(code).toMatch(/^ORG-CITIZENSER[0-9A-F]{12}-0001$/);
    expect((await getBankQuestion(designer, code)).editable).toBe(true);
    const ontario = await s.tenantCtx("admin@ontario.example", ONTARIO);
    await expect(getBankQuestion(ontario, code)).rejects.toMatchObject({ code: "NotFound" });
    const found = await findBankQuestions(ontario, { q: "passeport", page: 1 });
    expect(found.questions).toEqual([]);
    const mine = await findBankQuestions(designer, { q: "passeport", page: 1 });
    expect(mine.questions.map((q) => q.code)).toEqual([code]);
  });

  it("lets analysts read but not write, and keeps public questions for platform admins", async () => {
    const analyst = await s.tenantCtx("analyst@federal.example", FEDERAL);
    await expect(createPrivateQuestion(analyst, privateInput)).rejects.toMatchObject({ code: "Forbidden" });
    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    const publicCode = cmtBank[0]?.code as string;
    expect((await getBankQuestion(designer, publicCode)).editable).toBe(false);
    const { type: _t, ...edit } = privateInput;
    await expect(updateQuestion(designer, publicCode, edit)).rejects.toMatchObject({ code: "Forbidden" });
    const platform = await s.tenantCtx("platform.admin@institute.example", "institute");
    expect((await getBankQuestion(platform, publicCode)).editable).toBe(true);
  });

  it("audits edits and never retires a core question", async () => {
    const platform = await s.tenantCtx("platform.admin@institute.example", "institute");
    const core = cmtBank.find((q) => q.core)?.code as string;
    await expect(setQuestionStatus(platform, core, "retired")).rejects.toMatchObject({ key: "bank.errors.coreLocked" });
    const supplementary = cmtBank.find((q) => !q.core)?.code as string;
    await setQuestionStatus(platform, supplementary, "retired");
    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    const listed = await findBankQuestions(designer, { q: supplementary, page: 1 });
    expect(listed.questions).toEqual([]);
    const audits = await s.db.select().from(auditEvent).where(eq(auditEvent.targetId, supplementary));
    expect(audits.map((a) => a.action)).toEqual(["question.retired"]);
  });
});

describe("question form", () => {
  const form = (entries: Record<string, string | string[]>) => {
    const raw: Record<string, string | string[]> = {
      type: "scale5",
      scale: "satisfaction",
      textEn: "How satisfied were you?",
      textFr: "Dans quelle mesure étiez-vous satisfait?",
      channels: ["online"],
      element: "satisfaction",
      variant: "both",
      module: "custom",
      ...entries,
    };
    return questionFormSchema.safeParse(raw);
  };

  it("requires a scale for scale questions and matching options in both languages", () => {
    expect(form({ scale: "" }).error?.issues[0]?.message).toBe("bank.errors.scale");
    const mismatch = form({ type: "single", optionsEn: "Yes\nNo\nMaybe", optionsFr: "Oui\nNon" });
    expect(mismatch.error?.issues[0]).toMatchObject({ path: ["optionsFr"], message: "bank.errors.optionsMismatch" });
    const ok = form({ type: "single", optionsEn: "Yes\nNo", optionsFr: "Oui\nNon" });
    expect(ok.data?.options).toEqual([
      { code: "1", en: "Yes", fr: "Oui" },
      { code: "2", en: "No", fr: "Non" },
    ]);
  });

  it("refuses an empty range, unknown codes and missing French", () => {
    expect(form({ type: "number", min: "10", max: "1" }).error?.issues[0]?.message).toBe("bank.errors.range");
    expect(form({ channels: ["carrier_pigeon"] }).success).toBe(false);
    expect(form({ textFr: "  " }).error?.issues[0]).toMatchObject({ path: ["textFr"], message: "errors.required" });
  });
});
