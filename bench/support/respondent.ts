import type { NoScriptBrowser } from "./browser.ts";
import { type HtmlForm, hiddenFields, progressOf, readForms } from "./html-forms.ts";

// One respondent answering the survey from its public link, as a browser
// without JavaScript does it: open the start page, press Start (its form
// carries the one-off start key), follow the redirects to page 1, answer and
// press Continue on each page, Submit on the last, and land on the thank-you
// page. Every question gets a valid answer, picked from the page's own inputs.

export const REQUEST_KINDS = [
  "GET start",
  "POST start",
  "GET redirect",
  "GET page",
  "POST page",
  "POST submit",
  "GET thank-you",
];

/** What one respondent did, filled in as they go (so a crash bench can check it after). */
export interface Journey {
  startKey: string | null;
  /** Every answer sent, by question code, as the form values. */
  answers: Map<string, string[]>;
  acknowledged: boolean;
}

export const newJourney = (): Journey => ({ startKey: null, answers: new Map(), acknowledged: false });

/**
 * One response. `thinkMs`: how long the person reads and fills in each page
 * before pressing its button, on average (0: at once).
 */
export async function respond(browser: NoScriptBrowser, publicKey: string, journey: Journey, n: number, thinkMs = 0) {
  const think = () => (thinkMs > 0 ? new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random()))) : null);
  const startPath = `/en/s/${publicKey}`;
  const startPage = await browser.get("GET start", startPath);
  if (startPage.status !== 200) throw new Error(`start page answered ${startPage.status}`);
  const start = readForms(startPage.body).find((f) => f.inputs.some((i) => i.name === "intent" && i.value === "start"));
  if (!start) throw new Error("no start form");
  const fields = hiddenFields(start);
  journey.startKey = fields.find(([name]) => name === "startKey")?.[1] ?? null;
  await think();
  let page = await browser.follow(await post(browser, "POST start", startPage.url, start, fields), "GET page");
  for (;;) {
    const form = readForms(page.body).find((f) => f.id === "answers");
    if (!form) break;
    const progress = progressOf(page.body);
    const last = progress !== null && progress.page === progress.of;
    const answers = answer(form, n);
    for (const [name, values] of answers) journey.answers.set(name.slice(2), values);
    const body: [string, string][] = [
      ...hiddenFields(form),
      ...[...answers].flatMap(([name, values]) => values.map((v): [string, string] => [name, v])),
      ["intent", "next"],
    ];
    const kind = last ? "POST submit" : "POST page";
    await think();
    page = await browser.follow(await post(browser, kind, page.url, form, body), last ? "GET thank-you" : "GET page");
  }
  if (page.status !== 200 || !page.body.includes("panel--confirmation")) {
    throw new Error(`expected the thank-you page, got ${page.status} at ${page.url}`);
  }
  journey.acknowledged = true;
}

async function post(browser: NoScriptBrowser, kind: string, pageUrl: string, form: HtmlForm, body: [string, string][]) {
  const sent = await browser.post(kind, form.action ?? pageUrl, body);
  if (sent.status !== 302 && sent.status !== 303) {
    throw new Error(`${kind} answered ${sent.status}: ${sent.body.replace(/<[^>]+>/g, " ").slice(0, 300)}`);
  }
  return sent;
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)] as T;

/** A valid answer to every question of the page, by field name, chosen from its inputs. */
function answer(form: HtmlForm, n: number): Map<string, string[]> {
  const answers = new Map<string, string[]>();
  const questions = form.inputs.filter((i) => i.name.startsWith("q_"));
  for (const name of new Set(questions.map((q) => q.name))) {
    const inputs = questions.filter((q) => q.name === name);
    const first = inputs[0] as (typeof inputs)[number];
    if (first.type === "radio") {
      answers.set(name, [pick(inputs.filter((i) => i.value !== "na")).value]);
    } else if (first.type === "checkbox") {
      const shuffled = [...inputs].sort(() => Math.random() - 0.5);
      answers.set(
        name,
        shuffled.slice(0, 1 + Math.floor(Math.random() * 2)).map((i) => i.value),
      );
    } else if (first.tag === "textarea") {
      answers.set(name, [`Respondent ${n}: the wait was long, but the staff were kind. é à ç.`]);
    } else if (first.inputMode === "decimal") {
      answers.set(name, [String(Math.floor(Math.random() * 13))]);
    } else if (first.type === "date") {
      answers.set(name, ["2026-03-02"]);
    } else {
      answers.set(name, ["Bureau de Gatineau"]);
    }
  }
  return answers;
}
