import { describe, expect, it } from "vitest";
import { MAX_CONTACT_FILE_BYTES, MAX_CONTACT_ROWS, readContactFile } from "./contact-file.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);
/** Windows-1252, as Excel saves "CSV" in Canada: é is one byte, 0xE9. */
const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

describe("reading a contact file", () => {
  it("reads UTF-8 with a byte-order mark, and normalizes addresses and languages", () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8("Email,Language\r\n  Lea@Example.CA ,Français\r\n")]);
    const more = utf8("email,language\njohn@example.ca,english\nana@example.ca,\nzoe@example.ca,FR\n");
    expect(readContactFile(bom, "en")).toEqual({
      ok: true,
      contacts: [{ row: 2, email: "lea@example.ca", lang: "fr" }],
    });
    expect(readContactFile(more, "fr")).toEqual({
      ok: true,
      contacts: [
        { row: 2, email: "john@example.ca", lang: "en" },
        { row: 3, email: "ana@example.ca", lang: "fr" },
        { row: 4, email: "zoe@example.ca", lang: "fr" },
      ],
    });
  });

  it("reads Windows-1252 files with semicolons and French headers", () => {
    const file = latin1("Nom;Courriel;Langue\nRené Côté;rene@example.ca;français\nMarc;marc@example.ca;anglais\n");
    expect(file).toContain(0xe7);
    const read = readContactFile(file, "en");
    expect(read).toEqual({
      ok: true,
      contacts: [
        { row: 2, email: "rene@example.ca", lang: "fr" },
        { row: 3, email: "marc@example.ca", lang: "en" },
      ],
    });
  });

  it("gives the default language when there is no language column", () => {
    const read = readContactFile(utf8("email\na@example.ca\n\nb@example.ca\n"), "fr");
    expect(read).toEqual({
      ok: true,
      contacts: [
        { row: 2, email: "a@example.ca", lang: "fr" },
        { row: 4, email: "b@example.ca", lang: "fr" },
      ],
    });
  });

  it("reports every bad row, by line, and keeps nothing", () => {
    const file = utf8(
      [
        "name,email,language",
        '"Tremblay, Léa",lea@example.ca,fr',
        "Nobody,not-an-address,en",
        "Léa again,LEA@example.ca,fr",
        "Hans,hans@example.de,de",
        ",,",
      ].join("\n"),
    );
    expect(readContactFile(file, "en")).toEqual({
      ok: false,
      problemCount: 3,
      rowCount: 5,
      problems: [
        { row: 3, problem: "email", value: "not-an-address" },
        { row: 4, problem: "duplicate", value: "lea@example.ca", firstRow: 2 },
        { row: 5, problem: "language", value: "de" },
      ],
    });
  });

  it("refuses files it cannot use, saying why", () => {
    expect(readContactFile(utf8(""), "en")).toEqual({ ok: false, fileProblem: "empty" });
    expect(readContactFile(utf8("email,language\n"), "en")).toEqual({ ok: false, fileProblem: "empty" });
    expect(readContactFile(utf8("a@example.ca\nb@example.ca\n"), "en")).toEqual({
      ok: false,
      fileProblem: "noEmailColumn",
    });
    expect(readContactFile(utf8('email\n"a@example.ca\nb@example.ca\n'), "en")).toMatchObject({
      ok: false,
      fileProblem: "unreadable",
    });
    expect(readContactFile(new Uint8Array(MAX_CONTACT_FILE_BYTES + 1), "en")).toEqual({
      ok: false,
      fileProblem: "tooLarge",
    });
    const rows = Array.from({ length: MAX_CONTACT_ROWS + 1 }, (_, i) => `p${i}@example.ca`);
    expect(readContactFile(utf8(`email\n${rows.join("\n")}`), "en")).toEqual({ ok: false, fileProblem: "tooManyRows" });
  });

  it("reads 50,000 rows", () => {
    const rows = Array.from({ length: MAX_CONTACT_ROWS }, (_, i) => `person.${i}@example.ca,${i % 2 ? "fr" : "en"}`);
    const read = readContactFile(utf8(`email,language\n${rows.join("\n")}`), "en");
    expect(read.ok && read.contacts.length).toBe(MAX_CONTACT_ROWS);
  });
});
