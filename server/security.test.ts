import { describe, expect, it } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { IMPORT_MAX_BYTES } from "#app/modules/responses/import-file.server.ts";
import { API_MAX_BODY_BYTES } from "#app/modules/responses/ingest-api.ts";
import { bodyLimit, MAX_BODY_BYTES, newNonce } from "./security.ts";

describe("body limits", () => {
  it("allow a spreadsheet on the import pages only, and a batch on the API only", () => {
    const params = { org: "citizen-services-canada", surveyId: "0e3c1bd5-3b2e-4a57-9f43-6a3ac4c21b3f", importId: "x" };
    for (const lang of ["en", "fr"] as const) {
      expect(bodyLimit(pathFor("surveyImport", lang, params))).toBe(IMPORT_MAX_BYTES + MAX_BODY_BYTES);
      expect(bodyLimit(pathFor("surveyImportStep", lang, params))).toBe(IMPORT_MAX_BYTES + MAX_BODY_BYTES);
      expect(bodyLimit(pathFor("survey", lang, params))).toBe(MAX_BODY_BYTES);
      expect(bodyLimit(`${pathFor("surveyImportStep", lang, params)}/more`)).toBe(MAX_BODY_BYTES);
    }
    expect(bodyLimit(`/api/v1/surveys/${params.surveyId}/responses`)).toBe(API_MAX_BODY_BYTES);
    expect(bodyLimit("/api/v1/orgs/citizen-services-canada/members")).toBe(MAX_BODY_BYTES);
    expect(bodyLimit("/en/sign-in")).toBe(MAX_BODY_BYTES);
  });
});

describe("nonces", () => {
  it("are 16 random bytes each, never repeated across pool refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const nonce = newNonce();
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
      seen.add(nonce);
    }
    expect(seen.size).toBe(1000);
  });
});
