import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditActions } from "#app/modules/identity/audit-actions.ts";
import { permissions } from "#app/modules/identity/policy.ts";
import {
  channels,
  cmtBank,
  dimensions,
  drivers,
  elements,
  questionTypes,
  scales,
  variants,
} from "#app/modules/measure/cmt-bank.ts";
import { i18nFor } from "./i18n.ts";
import en from "./en.json" with { type: "json" };
import fr from "./fr.json" with { type: "json" };

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === "string") out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const enKeys = flatten(en as Tree);
const frKeys = flatten(fr as Tree);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("translation catalogues", () => {
  it("have exactly the same keys in English and French", () => {
    const onlyEn = [...enKeys.keys()].filter((k) => !frKeys.has(k));
    const onlyFr = [...frKeys.keys()].filter((k) => !enKeys.has(k));
    expect({ onlyEn, onlyFr }).toEqual({ onlyEn: [], onlyFr: [] });
  });

  it("have no empty message and the same {{placeholders}} in both languages", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of enKeys) {
      const other = frKeys.get(key) ?? "";
      expect(text.trim(), key).not.toBe("");
      expect(other.trim(), key).not.toBe("");
      expect(placeholders(other), key).toEqual(placeholders(text));
    }
  });

  it("contain every literal key the code asks for", () => {
    const used = new Set<string>();
    for (const file of sourceFiles("app")) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) used.add(m[1] as string);
      // Catalogue keys also travel as values: "errors.required" in zod schemas, keys in AppErrors.
      for (const m of text.matchAll(
        /"((?:errors|signIn|signUp|twoFactor|tokens|members|invitations|audit|orgSettings|admin|account|security|sso|bank|surveys|surveyInvitations|respondent)\.[a-zA-Z0-9_.]+)"/g,
      )) {
        used.add(m[1] as string);
      }
    }
    // Audit action names look like keys; their labels are checked below.
    for (const name of [...auditActions, ...permissions]) used.delete(name);
    // A namespace passed as a prefix for keys built at run time must exist as one.
    const isNamespace = (k: string) => [...enKeys.keys()].some((key) => key.startsWith(`${k}.`));
    // A count's message has a form per plural category (key_one, key_other).
    const isPlural = (k: string) => enKeys.has(`${k}_one`) && enKeys.has(`${k}_other`);
    const missing = [...used].filter((k) => !enKeys.has(k) && !isNamespace(k) && !isPlural(k));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });

  it("label every audit action in both languages", () => {
    for (const lang of ["en", "fr"] as const) {
      const t = i18nFor(lang).t;
      for (const action of auditActions) {
        const label = t(`audit.actions.${action}`, { defaultValue: "MISSING" });
        expect(label, `${lang} ${action}`).not.toBe("MISSING");
        expect(label).not.toContain(action);
      }
    }
  });

  it("label every code of the question bank in both languages", () => {
    const coded = {
      channels,
      dimensions,
      drivers,
      elements,
      types: questionTypes,
      variants,
      scales: Object.keys(scales),
    };
    for (const [group, values] of Object.entries(coded)) {
      for (const value of values) expect(enKeys.has(`bank.${group}.${value}`), `bank.${group}.${value}`).toBe(true);
    }
    for (const q of cmtBank) expect(enKeys.has(`bank.modules.${q.module}`), q.module).toBe(true);
  });
});

// French as a Canadian public servant writes it (Le guide du rédacteur):
// a non-breaking space before : ; ? ! » and after «, the typographic
// apostrophe only, plurals as words rather than "(s)". Respondents read the
// question bank's French too, so it is held to the same rules.
describe("French typography", () => {
  const bankFrench = [
    ...cmtBank.flatMap((q) => [
      [`bank ${q.code} text`, q.text.fr],
      ...(q.help ? [[`bank ${q.code} help`, q.help.fr]] : []),
      ...(q.options ?? []).map((o) => [`bank ${q.code} option ${o.code}`, o.fr]),
    ]),
    ...Object.entries(scales).flatMap(([name, scale]) =>
      [...scale.points, scale.not_applicable].map((p) => [`scale ${name}`, p.fr]),
    ),
  ] as [string, string][];
  const french: [string, string][] = [...frKeys, ...bankFrench];
  const nbsp = "[\\u00a0\\u202f]";

  it("puts a non-breaking space before : ; ? ! » and after «", () => {
    const wrong = french.flatMap(([where, text]) => {
      // Not punctuation: URLs, times and API scopes (https://, 14:05, responses:write).
      const prose = text.replace(/\w+:\/\//g, "").replace(/\w:\w/g, "");
      const found = [
        ...prose.matchAll(new RegExp(`(?<!${nbsp})[:;?!»]`, "g")),
        ...prose.matchAll(new RegExp(`«(?!${nbsp})`, "g")),
      ];
      return found.map((m) => `${where}: …${prose.slice(Math.max(0, m.index - 20), m.index + 2)}`);
    });
    expect(wrong).toEqual([]);
  });

  it("uses one apostrophe, the typographic one (in English too)", () => {
    expect(
      [...enKeys, ...french].filter(([, text]) => text.includes("'")).map(([where, text]) => `${where}: ${text}`),
    ).toEqual([]);
  });

  it("writes plurals as words, in both languages (no “page(s)”)", () => {
    const all = [...enKeys, ...french];
    expect(all.filter(([, text]) => /\w\(s\)/.test(text)).map(([where]) => where)).toEqual([]);
  });

  it("does not call the citizen or business variant a “version” (a survey's versions are its publications)", () => {
    const variantLabels = [...enKeys, ...frKeys].filter(([key]) => /\.variant$/.test(key));
    expect(variantLabels.length).toBeGreaterThan(0);
    for (const [key, text] of variantLabels) expect(text, key).not.toMatch(/version/i);
  });
});
