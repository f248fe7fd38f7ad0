// The demo's respondents, drawn from a model whose truth is known, so that
// Insights has something real to find. Pure: no I/O; the same seed gives the
// same responses.
//
// Each respondent perceives each driver of satisfaction on the 1–5 scale:
// the wave's mean for that driver, plus a shared "halo" (people who liked one
// thing tend to like the others) and a part of their own. Overall
// satisfaction is DRIVER_WEIGHTS · perceptions + noise. Every question is
// then answered from those perceptions according to what it measures.
import { type Driver, drivers } from "#app/modules/measure/cmt-bank.ts";
import type { FrozenQuestion, PublishedDefinition } from "#app/modules/measure/definition.ts";
import { anonymousTimes, dayStamp } from "#app/modules/responses/anonymity.ts";
import { type Answers, type AnswerValue, isShown } from "#app/modules/responses/answers.ts";
import { createRandom, type Random } from "#app/stats/random.ts";
import { commentFor } from "./demo-comments.ts";

/** The true weight of each driver in overall satisfaction; they sum to 1. */
export const DRIVER_WEIGHTS: Readonly<Record<Driver, number>> = {
  timeliness: 0.32,
  outcome: 0.26,
  knowledge: 0.18,
  ease_of_access: 0.12,
  fairness: 0.08,
  courtesy: 0.04,
};

/** Spread of each perception around the wave's mean, its share from the halo, and the noise in satisfaction. */
const SPREAD = 0.85;
const HALO = 0.6;
const NOISE = 0.4;
/** Drivers that only apply when the respondent dealt with staff. */
const STAFF_DRIVERS: readonly Driver[] = ["knowledge", "courtesy"];

export type CollectionChannel = "web" | "invitation" | "staff";

/** One fielding period of one survey. */
export interface Wave {
  n: number;
  from: Date;
  to: Date;
  /** Mean perception of each driver, 1–5. */
  means: Readonly<Record<Driver, number>>;
  /** What respondents expect of each driver, 1–5 (for "compared with what you expected"). */
  expectation: number;
  /** Share of respondents who answer in French. */
  french: number;
  /** How responses were collected, by relative weight. */
  channels: Readonly<Partial<Record<CollectionChannel, number>>>;
  /** Share of respondents who did not deal with staff (staff drivers "not applicable"). */
  noStaff: number;
  /** Share of responses left unfinished. */
  partial: number;
  /** The service channels of the survey, for "how did you deal with us". */
  serviceChannels: readonly string[];
}

export interface DemoResponse {
  status: "complete" | "partial";
  channel: CollectionChannel;
  lang: "en" | "fr";
  answers: Answers;
  pagesDone: string[];
  startedAt: Date;
  submittedAt: Date | null;
}

interface Respondent {
  perception: Record<Driver, number>;
  /** Overall satisfaction before it is put on the scale. */
  satisfaction: number;
  dealtWithStaff: boolean;
  lang: "en" | "fr";
  startedAt: Date;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const toScale = (x: number) => clamp(Math.round(x), 1, 5);

function drawRespondent(wave: Wave, r: Random): Respondent {
  const halo = r.normal();
  const perception = {} as Record<Driver, number>;
  let satisfaction = 0;
  for (const d of drivers) {
    perception[d] = wave.means[d] + SPREAD * (HALO * halo + Math.sqrt(1 - HALO * HALO) * r.normal());
    satisfaction += DRIVER_WEIGHTS[d] * perception[d];
  }
  satisfaction += NOISE * r.normal();
  const span = wave.to.getTime() - wave.from.getTime();
  return {
    perception,
    satisfaction,
    dealtWithStaff: !r.chance(wave.noStaff),
    lang: r.chance(wave.french) ? "fr" : "en",
    startedAt: new Date(wave.from.getTime() + r.uniform() * span),
  };
}

/** Draws a wave's responses to one published version. */
export function generateResponses(definition: PublishedDefinition, wave: Wave, seed: number): DemoResponse[] {
  const r = createRandom(seed);
  const channelNames = Object.keys(wave.channels) as CollectionChannel[];
  const channelWeights = channelNames.map((c) => wave.channels[c] ?? 0);
  return Array.from({ length: wave.n }, () => {
    const who = drawRespondent(wave, r);
    const channel = channelNames[r.weighted(channelWeights)] ?? "web";
    const complete = !r.chance(wave.partial);
    const { answers, pagesDone } = complete
      ? answerAll(definition, who, wave, r)
      : answerPartly(definition, who, wave, r);
    const minutes = clamp(Math.exp(Math.log(7) + 0.5 * r.normal()), 2, 45);
    return {
      status: complete ? "complete" : "partial",
      channel,
      lang: who.lang,
      answers,
      pagesDone,
      startedAt: who.startedAt,
      submittedAt: complete ? new Date(who.startedAt.getTime() + minutes * 60_000) : null,
    };
  });
}

/** A demo response's times as an anonymous survey (all the demo's are) records them: the day (decision 0042). */
export function anonymousRow(r: DemoResponse) {
  return r.submittedAt
    ? anonymousTimes(r.submittedAt)
    : { startedAt: dayStamp(r.startedAt), updatedAt: r.startedAt, submittedAt: null };
}

function answerAll(d: PublishedDefinition, who: Respondent, wave: Wave, r: Random) {
  const answers: Answers = {};
  const pagesDone: string[] = [];
  for (const page of d.pages) {
    const shown = page.items.filter((i) => isShown(i.showIf, answers));
    if (shown.length === 0) continue;
    for (const item of shown) {
      const value = answer(item.question, who, wave, r);
      if (value !== undefined && (item.required || !r.chance(0.015))) answers[item.code] = value;
    }
    pagesDone.push(page.key);
  }
  return { answers, pagesDone };
}

/** Gave up part-way: some pages done, then a few answers on the next one. */
function answerPartly(d: PublishedDefinition, who: Respondent, wave: Wave, r: Random) {
  const answers: Answers = {};
  const pagesDone: string[] = [];
  const stopAt = r.int(d.pages.length);
  for (const [index, page] of d.pages.entries()) {
    const shown = page.items.filter((i) => isShown(i.showIf, answers));
    const upTo = index < stopAt ? shown.length : r.int(shown.length);
    for (const item of shown.slice(0, upTo)) {
      const value = answer(item.question, who, wave, r);
      if (value !== undefined) answers[item.code] = value;
    }
    if (index === stopAt) break;
    if (shown.length > 0) pagesDone.push(page.key);
  }
  return { answers, pagesDone };
}

/** One answer, from what the question measures; undefined when the respondent leaves it blank. */
function answer(q: FrozenQuestion, who: Respondent, wave: Wave, r: Random): AnswerValue | undefined {
  const driver = drivers.find((d) => d === q.driver);
  if (q.code === "CORE-OS-01") return toScale(who.satisfaction);
  if (q.code === "CORE-NC-01") return contacts(q, who, r);
  switch (q.type) {
    case "scale5":
      return scale5(q, driver, who, wave, r);
    case "scale10":
      return clamp(Math.round(2.5 * (who.satisfaction - 1) + 0.9 * r.normal()), 0, 10);
    case "single":
      return single(q, driver, who, wave, r);
    case "multi":
      return multi(q, r);
    case "number":
      return clamp(Math.round(Math.exp(1 + 0.8 * r.normal())), q.min ?? 0, q.max ?? 1000);
    case "date":
      return new Date(who.startedAt.getTime() - r.int(21) * 86_400_000).toISOString().slice(0, 10);
    default:
      return r.chance(0.15) ? commentFor(q.code, who.perception, who.lang, r) : undefined;
  }
}

function scale5(q: FrozenQuestion, driver: Driver | undefined, who: Respondent, wave: Wave, r: Random) {
  const staffOnly = driver !== undefined && STAFF_DRIVERS.includes(driver);
  switch (q.element) {
    case "importance":
      // Stated importance follows the true weights, loosely, as it does in real surveys.
      return toScale(driver ? 3.3 + 3 * DRIVER_WEIGHTS[driver] + 0.7 * r.normal() : 3.8 + 0.8 * r.normal());
    case "priority":
      return toScale(
        driver
          ? 2.8 + 3 * DRIVER_WEIGHTS[driver] + 0.5 * (3.5 - who.perception[driver]) + 0.8 * r.normal()
          : 3 + 0.9 * r.normal(),
      );
    case "expectation":
      if (staffOnly && !who.dealtWithStaff) return "na";
      return toScale(
        3 + 0.9 * ((driver ? who.perception[driver] : who.satisfaction) - wave.expectation) + 0.4 * r.normal(),
      );
    default:
      if (staffOnly && !who.dealtWithStaff) return "na";
      if (!driver) return toScale(0.7 * who.satisfaction + 1.1 + 0.6 * r.normal());
      if (r.chance(0.03)) return "na";
      // The core driver question is the perception itself; other questions on a driver measure it with error.
      return toScale(who.perception[driver] + (q.code.startsWith("CORE-") ? 0 : 0.5 * r.normal()));
  }
}

/** Fewer contacts when the service is quick and gets people what they need. */
function contacts(q: FrozenQuestion, who: Respondent, r: Random) {
  const options = q.options ?? [];
  const count =
    1.7 - 0.55 * (who.perception.timeliness - 3.5) - 0.45 * (who.perception.outcome - 3.5) + 0.7 * r.normal();
  return options[clamp(Math.round(count), 1, options.length) - 1]?.code;
}

const minor = new Set(["other", "prefer_not_to_say", "dont_know", "no_preference"]);

function single(q: FrozenQuestion, driver: Driver | undefined, who: Respondent, wave: Wave, r: Random) {
  const options = q.options ?? [];
  if (q.code === "DEM-LANG-02") return who.lang === "fr" ? "french" : "english";
  const served = options.filter((o) => wave.serviceChannels.includes(o.code));
  if (served.length > 0) return served[r.int(served.length)]?.code;
  if (driver && q.element !== "expectation") {
    // Options run from the best experience (no wait, fully done) to the worst.
    const index = ((4.6 - who.perception[driver]) / 3.6) * (options.length - 1) + 0.6 * r.normal();
    return options[clamp(Math.round(index), 0, options.length - 1)]?.code;
  }
  return options[r.weighted(options.map((o, i) => (minor.has(o.code) ? 0.2 : 1 / (1 + i / 2))))]?.code;
}

const exclusive = new Set(["none", "no", "prefer_not_to_say"]);

function multi(q: FrozenQuestion, r: Random) {
  const options = (q.options ?? []).map((o) => o.code);
  const first = options[r.weighted(options.map((_, i) => 1 / (1 + i / 2)))];
  if (first === undefined) return undefined;
  if (exclusive.has(first) || !r.chance(0.3)) return [first];
  const rest = options.filter((o) => o !== first && !exclusive.has(o));
  const second = rest[r.int(rest.length)];
  return second === undefined ? [first] : [first, second];
}
