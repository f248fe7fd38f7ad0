import { describe, expect, it } from "vitest";
import { renderMail } from "./templates.server.ts";

const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

describe("mail subjects", () => {
  it("carry no bidirectional control nor line break from a title kept before the text rule", () => {
    const title = "\u202eFDP.exe\u202c Survey\u2067 2026\r\nBcc: x@example.com";
    const mail = renderMail("surveyInvitation", "fr", {
      organization: "Org",
      title,
      service: "Service",
      closes: "",
      privacy: "",
      notice: "",
      url: "https://example.com/s/x",
      unsubscribeUrl: "https://example.com/u/x",
    });
    expect(mail.subject).not.toMatch(BIDI);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain("FDP.exe Survey 2026 Bcc: x@example.com");
    const report = renderMail("surveyReport", "en", {
      name: "Ana",
      organization: "Org",
      title,
      wave: "version 2",
      headline: "",
      downloads: "",
      url: "https://example.com/r",
      unsubscribeUrl: "https://example.com/u",
    });
    expect(report.subject).toBe("Report ready: FDP.exe Survey 2026 Bcc: x@example.com");
  });
});
