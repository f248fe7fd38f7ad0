import { describe, expect, it } from "vitest";
import {
  type BankQuestion,
  channels,
  cmtBank,
  dimensions,
  drivers,
  elements,
  questionTypes,
  type ScaleName,
  scales,
  variants,
} from "./cmt-bank.ts";

type Bank = readonly BankQuestion[];

/** Labels that are the same in both languages: no letters at all (numbers, amounts) or a proper noun. */
const sameInBothLanguages = new Set(["Ontario", "Manitoba", "Saskatchewan", "Alberta", "Yukon", "Nunavut"]);
const languageNeutral = (s: string) => !/\p{L}/u.test(s) || sameInBothLanguages.has(s);

/** Words that give away English left in a French string, and the reverse. */
const englishWords = /\b(the|and|you|your|with|was|were|how|what|did|of|to|is|for|this|online|e-?mail)\b/i;
const frenchWords = /\b(les|des|vous|votre|avec|est|une|courriel|en ligne)\b/i;

const is = (kind: "satisfaction" | "expectation" | "importance", driver: string | null) => (q: BankQuestion) =>
  q.core &&
  q.driver === driver &&
  q.element === kind &&
  q.type === "scale5" &&
  q.scale === (kind === "expectation" ? "expectation_comparison" : kind);

/**
 * Each check returns the problems it finds (empty when the bank is sound), so
 * that the same check can be run on the real bank and on a broken copy.
 */
const checks = {
  "has at least 130 questions": (bank) => (bank.length >= 130 ? [] : [`only ${bank.length} questions`]),

  "has unique codes": (bank) =>
    bank.filter((q, i) => bank.findIndex((r) => r.code === q.code) !== i).map((q) => q.code),

  "has well-formed codes, none in the range reserved for organizations": (bank) =>
    bank.filter((q) => !/^[A-Z]+(-[A-Z0-9]+)+$/.test(q.code) || q.code.startsWith("ORG-")).map((q) => q.code),

  "uses only known types, channels, dimensions, drivers, elements and variants": (bank) =>
    bank
      .filter(
        (q) =>
          !questionTypes.includes(q.type) ||
          q.channels.length === 0 ||
          new Set(q.channels).size !== q.channels.length ||
          q.channels.some((c) => !channels.includes(c)) ||
          (q.dimension !== null && !dimensions.includes(q.dimension)) ||
          (q.driver !== null && !drivers.includes(q.driver)) ||
          !elements.includes(q.element) ||
          !variants.includes(q.variant) ||
          !/^[a-z][a-z0-9_]*$/.test(q.module),
      )
      .map((q) => q.code),

  "has non-empty English and French text and help": (bank) =>
    bank
      .filter((q) => [q.text, ...(q.help ? [q.help] : [])].some((t) => !t.en.trim() || !t.fr.trim()))
      .map((q) => q.code),

  "has French text that differs from the English": (bank) =>
    bank
      .filter((q) => [q.text, ...(q.help ? [q.help] : [])].some((t) => t.en.trim() === t.fr.trim()))
      .map((q) => q.code),

  "has no English left in the French text, nor French in the English": (bank) =>
    bank
      .filter((q) =>
        [q.text, ...(q.help ? [q.help] : []), ...(q.options ?? [])].some(
          (t) => englishWords.test(t.fr) || frenchWords.test(t.en),
        ),
      )
      .map((q) => q.code),

  "names an existing scale on every scale5 question, and only there": (bank) =>
    bank
      .filter((q) => (q.type === "scale5" ? !q.scale || !Object.hasOwn(scales, q.scale) : q.scale !== undefined))
      .map((q) => q.code),

  "gives single and multi questions two or more options, with unique codes and labels in both languages": (bank) =>
    bank
      .filter((q) => {
        const choice = q.type === "single" || q.type === "multi";
        if (!choice) return q.options !== undefined;
        const options = q.options ?? [];
        return (
          options.length < 2 ||
          new Set(options.map((o) => o.code)).size !== options.length ||
          new Set(options.map((o) => o.en)).size !== options.length ||
          new Set(options.map((o) => o.fr)).size !== options.length ||
          options.some((o) => !o.code || !o.en.trim() || !o.fr.trim() || (o.en === o.fr && !languageNeutral(o.en)))
        );
      })
      .map((q) => q.code),

  "runs scale10 from 0 to 10, gives number questions a range and no one else a range": (bank) =>
    bank
      .filter((q) => {
        if (q.type === "scale10") return q.min !== 0 || q.max !== 10;
        if (q.type === "number") return q.min === undefined || q.max === undefined || q.min >= q.max;
        return q.min !== undefined || q.max !== undefined;
      })
      .map((q) => q.code),

  "has a core satisfaction, expectation and importance question for every driver": (bank) =>
    drivers.flatMap((d) =>
      (["satisfaction", "expectation", "importance"] as const)
        .filter((kind) => bank.filter(is(kind, d)).length !== 1)
        .map((kind) => `${d}: ${kind}`),
    ),

  "has exactly one core overall-satisfaction question": (bank) => {
    const overall = bank.filter(is("satisfaction", null)).map((q) => q.code);
    return overall.length === 1 && overall[0] === "CORE-OS-01" ? [] : [`found ${overall.join(", ") || "none"}`];
  },

  "has a core question on the number of contacts": (bank) =>
    bank.some(
      (q) =>
        q.core &&
        q.dimension === "responsiveness" &&
        (q.type === "number" || (q.type === "single" && q.options?.at(-1)?.code === "5_or_more")),
    )
      ? []
      : ["missing"],

  "keeps the core set small, for both variants and on every channel": (bank) => {
    const core = bank.filter((q) => q.core);
    const wrong = core.filter((q) => q.variant !== "both" || channels.some((c) => !q.channels.includes(c)));
    return [
      ...(core.length >= 20 && core.length <= 25 ? [] : [`${core.length} core questions`]),
      ...wrong.map((q) => q.code),
    ];
  },

  "sets a driver only on questions about the service experience": (bank) =>
    bank
      .filter((q) => q.driver !== null && (q.dimension === null || ["profile", "comment"].includes(q.element)))
      .map((q) => q.code),

  "uses every channel in at least 5 questions, and has questions specific to each channel": (bank) =>
    channels.flatMap((c) => {
      const using = bank.filter((q) => q.channels.includes(c));
      const specific = using.filter((q) => q.channels.length < channels.length);
      return using.length >= 5 && specific.length >= 2 ? [] : [`${c}: ${using.length} (${specific.length} specific)`];
    }),

  "uses every dimension in at least 5 questions": (bank) =>
    dimensions.flatMap((d) => {
      const n = bank.filter((q) => q.dimension === d).length;
      return n >= 5 ? [] : [`${d}: ${n}`];
    }),

  "uses every element and every scale": (bank) => [
    ...elements.filter((e) => !bank.some((q) => q.element === e)),
    ...Object.keys(scales).filter((s) => !bank.some((q) => q.scale === s)),
  ],

  "has business and citizen variants": (bank) =>
    (["business", "citizen"] as const).filter((v) => !bank.some((q) => q.variant === v)),

  "asks for likelihood to recommend on a 0 to 10 scale": (bank) =>
    bank.some((q) => q.type === "scale10" && /recommend/i.test(q.text.en) && /recommand/i.test(q.text.fr))
      ? []
      : ["missing"],

  "asks what one thing to improve, as a long comment": (bank) =>
    bank.some((q) => q.type === "text_long" && q.element === "comment" && /one thing/i.test(q.text.en))
      ? []
      : ["missing"],

  "lists all 13 provinces and territories, and offers 'Prefer not to say' on sensitive questions": (bank) => {
    const province = bank.find((q) => q.code === "DEM-PROV-01");
    const provinceCodes = ["NL", "PE", "NS", "NB", "QC", "ON", "MB", "SK", "AB", "BC", "YT", "NT", "NU"];
    const missing = provinceCodes.filter((c) => !province?.options?.some((o) => o.code === c));
    const sensitive = ["DEM-AGE-01", "DEM-GEN-01", "DEM-IND-01", "DEM-DIS-01", "DEM-INC-01"].filter(
      (code) => !bank.find((q) => q.code === code)?.options?.some((o) => o.code === "prefer_not_to_say"),
    );
    return [...missing, ...sensitive];
  },
} satisfies Record<string, (bank: Bank) => string[]>;

type CheckName = keyof typeof checks;

describe("the CMT question bank", () => {
  for (const [name, check] of Object.entries(checks)) {
    it(name, () => {
      expect(check(cmtBank)).toEqual([]);
    });
  }
});

describe("the CMT scales", () => {
  it("have five points coded 1 to 5, labelled in both languages, plus 'Not applicable'", () => {
    for (const [name, scale] of Object.entries(scales)) {
      expect(
        scale.points.map((p) => p.code),
        name,
      ).toEqual([1, 2, 3, 4, 5]);
      for (const p of scale.points) {
        expect(p.en.trim() && p.fr.trim() && p.en !== p.fr, `${name} ${p.code}`).toBeTruthy();
        expect(englishWords.test(p.fr) || frenchWords.test(p.en), `${name} ${p.code}`).toBe(false);
      }
      expect(new Set(scale.points.map((p) => p.fr)).size, name).toBe(5);
      expect(scale.not_applicable, name).toEqual({ en: "Not applicable", fr: "Sans objet" });
    }
  });

  it("run from low to high", () => {
    const ends = (name: ScaleName) => {
      const { points } = scales[name];
      return [points[0].en, points[4].en, points[0].fr, points[4].fr];
    };
    expect(ends("satisfaction")).toEqual(["Very dissatisfied", "Very satisfied", "Très insatisfait", "Très satisfait"]);
    expect(ends("agreement")).toEqual([
      "Strongly disagree",
      "Strongly agree",
      "Fortement en désaccord",
      "Fortement d’accord",
    ]);
    expect(ends("importance").slice(0, 2)).toEqual(["Not at all important", "Extremely important"]);
    expect(ends("expectation_comparison").slice(0, 2)).toEqual([
      "Much worse than I expected",
      "Much better than I expected",
    ]);
  });
});

/** A deep copy of the bank with one question changed. */
function editing(code: string, change: (q: BankQuestion) => void): (bank: Bank) => Bank {
  return (bank) =>
    bank.map((q) => {
      if (q.code !== code) return q;
      const copy = structuredClone(q);
      change(copy);
      return copy;
    });
}

const coreOverall = () => cmtBank.find((q) => q.code === "CORE-OS-01") as BankQuestion;

/** One way to break the bank for each check: proves each check can fail. */
const breakages: Record<CheckName, (bank: Bank) => Bank> = {
  "has at least 130 questions": (bank) => bank.slice(0, 129),
  "has unique codes": editing("SUP-ACC-02", (q) => (q.code = "SUP-ACC-01")),
  "has well-formed codes, none in the range reserved for organizations": editing(
    "SUP-ACC-02",
    (q) => (q.code = "ORG-ACME-0001"),
  ),
  "uses only known types, channels, dimensions, drivers, elements and variants": editing("SUP-ACC-02", (q) =>
    q.channels.push("in_person"),
  ),
  "has non-empty English and French text and help": editing("SUP-WEB-12", (q) => {
    if (q.help) q.help.fr = " ";
  }),
  "has French text that differs from the English": editing("SUP-COST-03", (q) => (q.text.fr = q.text.en)),
  "has no English left in the French text, nor French in the English": editing(
    "SUP-COST-03",
    (q) => (q.text.fr = "Le service était good value for money."),
  ),
  "names an existing scale on every scale5 question, and only there": editing(
    "SUP-COST-03",
    (q) => (q.scale = "happiness" as string as ScaleName),
  ),
  "gives single and multi questions two or more options, with unique codes and labels in both languages": editing(
    "DEM-LANG-02",
    (q) => q.options?.forEach((o) => (o.fr = o.en)),
  ),
  "runs scale10 from 0 to 10, gives number questions a range and no one else a range": editing(
    "SUP-OVR-01",
    (q) => (q.min = 1),
  ),
  "has a core satisfaction, expectation and importance question for every driver": (bank) =>
    bank.filter((q) => q.code !== "CORE-FAI-02"),
  "has exactly one core overall-satisfaction question": (bank) => [...bank, { ...coreOverall(), code: "CORE-OS-02" }],
  "has a core question on the number of contacts": (bank) => bank.filter((q) => q.code !== "CORE-NC-01"),
  "keeps the core set small, for both variants and on every channel": editing(
    "CORE-TIM-01",
    (q) => (q.variant = "citizen"),
  ),
  "sets a driver only on questions about the service experience": editing(
    "DEM-AGE-01",
    (q) => (q.driver = "timeliness"),
  ),
  "uses every channel in at least 5 questions, and has questions specific to each channel": (bank) =>
    bank.filter((q) => !(q.channels.includes("mail") && q.channels.length < channels.length)),
  "uses every dimension in at least 5 questions": (bank) =>
    bank.map((q) => (q.dimension === "cost" ? { ...q, dimension: null } : q)),
  "uses every element and every scale": (bank) => bank.filter((q) => q.scale !== "frequency"),
  "has business and citizen variants": (bank) =>
    bank.map((q) => (q.variant === "business" ? { ...q, variant: "both" } : q)),
  "asks for likelihood to recommend on a 0 to 10 scale": (bank) => bank.filter((q) => q.type !== "scale10"),
  "asks what one thing to improve, as a long comment": editing("SUP-TXT-01", (q) => (q.type = "text_short")),
  "lists all 13 provinces and territories, and offers 'Prefer not to say' on sensitive questions": editing(
    "DEM-PROV-01",
    (q) => (q.options = q.options?.filter((o) => o.code !== "NU")),
  ),
};

describe("the bank checks", () => {
  it("cover every check with a breakage", () => {
    expect(Object.keys(breakages).sort()).toEqual(Object.keys(checks).sort());
  });

  for (const [name, check] of Object.entries(checks)) {
    it(`fail on a broken bank: ${name}`, () => {
      const broken = breakages[name as CheckName](cmtBank);
      expect(check(broken)).not.toEqual([]);
    });
  }
});
