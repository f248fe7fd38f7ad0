import { describe, expect, it } from "vitest";
import type { SurveyDefinition } from "./definition.ts";
import { translationWarnings } from "./translation-check.ts";

const survey = {
  titleEn: "Passport renewal",
  titleFr: "Renouvellement de passeport",
  serviceEn: "Passports",
  serviceFr: "Passeports",
  closingMessageEn: "Thank you for your time.",
  closingMessageFr: null,
  privacyNoticeEn: null,
  privacyNoticeFr: null,
};
const definition: SurveyDefinition = {
  pages: [
    {
      key: "p1",
      titleEn: "Your visit to the office",
      titleFr: "Your visit to the office",
      items: [
        { key: "q1", code: "ORG-A-01", locked: false, required: false, grid: "g1" },
        { key: "q2", code: "ORG-B-01", locked: false, required: false, grid: "g1" },
      ],
      grids: [{ key: "g1", titleEn: "How was it?", titleFr: "Comment était-ce?" }],
    },
  ],
};
const questions = new Map([
  [
    "ORG-A-01",
    {
      textEn: "The counter staff",
      textFr: "Le personnel au comptoir",
      helpEn: "At the front desk",
      helpFr: null,
      options: null,
    },
  ],
  [
    "ORG-B-01",
    {
      textEn: "Online booking system",
      textFr: "online booking system",
      helpEn: null,
      helpFr: null,
      options: [
        { code: "1", en: "Yes", fr: "Oui" },
        { code: "2", en: "GCKey", fr: "GCKey" },
      ],
    },
  ],
]);

describe("translation warnings", () => {
  it("finds text in one language only and long text copied unchanged, but not short names", () => {
    expect(translationWarnings(survey, definition, questions)).toEqual([
      { key: "surveys.translation.oneLanguage", field: "surveys.translation.fields.closingMessage", where: "" },
      { key: "surveys.translation.same", field: "surveys.translation.fields.pageTitle", where: "1" },
      { key: "surveys.translation.oneLanguage", field: "surveys.translation.fields.help", where: "ORG-A-01" },
      { key: "surveys.translation.same", field: "surveys.translation.fields.question", where: "ORG-B-01" },
    ]);
  });

  it("is quiet when both languages are there and differ", () => {
    const fine = { ...survey, closingMessageFr: "Merci de votre temps." };
    expect(translationWarnings(fine, { pages: [] }, new Map())).toEqual([]);
  });
});
