import { readFile } from "node:fs/promises";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, test } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { type Page, signIn, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { signedInSession } from "./support/http.ts";
import { baseUrl, watchServerLog } from "./support/server.ts";

// A designer downloads a survey's QR code, SVG and PNG, from the distribution
// page in both languages with JavaScript off, and a phone would read it: each
// file is decoded back to the respondent link. Another organization's
// administrator asking for the same file gets 404.

watchServerLog();
const browser = useBrowser();

const ORG = "citizen-services-canada";
const labels = {
  en: { svg: "Download the QR code as SVG", png: "Download the QR code as PNG" },
  fr: { svg: "Télécharger le code QR en SVG", png: "Télécharger le code QR en PNG" },
} as const;

/** What a phone's camera would read in a PNG. */
function readQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

let surveyId = "";
let publicKey = "";

beforeAll(async () => {
  const page = await browser.newPage({ javaScript: false });
  await signIn(page, "designer@federal.example", DEMO_PASSWORD);
  await visit(page, pathFor("surveys", "en", { org: ORG }));
  await page.locator("main table tbody a", { hasText: "Passport services – in person" }).first().click();
  await page.waitForLoadState("load");
  surveyId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
  await visit(page, pathFor("surveyDistribution", "en", { org: ORG, surveyId }));
  const shown = await page.locator("main").innerText();
  publicKey = /\/s\/([\w-]+)/.exec(shown)?.[1] ?? "";
  expect(publicKey, "the page shows the respondent link").not.toBe("");
});

describe.each(["en", "fr"] as const)("QR code downloads (%s)", (lang) => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ javaScript: false, lang });
    await signIn(page, "designer@federal.example", DEMO_PASSWORD, lang);
    await visit(page, pathFor("surveyDistribution", lang, { org: ORG, surveyId }));
  });

  async function download(format: "svg" | "png") {
    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: labels[lang][format] }).click(),
    ]);
    expect(file.suggestedFilename()).toBe(`survey-${publicKey}-qr.${format}`);
    return readFile(await file.path());
  }

  test("the PNG decodes to the respondent link", async () => {
    const png = await download("png");
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(readQr(png)).toBe(`${baseUrl()}/s/${publicKey}`);
  });

  test("the SVG, drawn as a browser draws it, decodes to the respondent link", async () => {
    const svg = await download("svg");
    expect(svg.toString()).toMatch(/^<svg/);
    const viewer = await browser.newPage({ javaScript: false });
    await viewer.setContent(
      `<img alt="" width="400" height="400" src="data:image/svg+xml;base64,${svg.toString("base64")}">`,
    );
    const drawn = await viewer.locator("img").screenshot();
    expect(readQr(drawn)).toBe(`${baseUrl()}/s/${publicKey}`);
  });
});

test("another organization's administrator gets 404 for the file", async () => {
  const stranger = await signedInSession("admin@ontario.example", DEMO_PASSWORD);
  for (const format of ["svg", "png"]) {
    const response = await stranger.get(
      `${pathFor("surveyDistribution", "en", { org: "ontario-service-delivery", surveyId })}?qr=${format}`,
    );
    expect(response.status, format).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  }
});
