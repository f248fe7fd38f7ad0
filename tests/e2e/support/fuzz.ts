import { request as httpRequest } from "node:http";
import type { Random } from "#app/stats/random.ts";
import { decodeEntities } from "./http.ts";

// The pieces of the endpoint fuzz (tests/e2e/fuzz.test.ts): what a crawl
// finds on the pages (links and forms, with their real field names), the
// hostile values put into them, and a raw request for what fetch will not send.

export interface Form {
  action: string;
  multipart: boolean;
  fields: [string, string][];
}

/** Same-site links of a page (not its assets), without fragments. */
export function linksOf(html: string): string[] {
  const links = new Set<string>();
  for (const m of html.matchAll(/<a\b[^>]*\shref="([^"]+)"/g)) {
    const href = decodeEntities(m[1] ?? "");
    if (href.startsWith("/") && !href.startsWith("//") && !href.startsWith("/assets/"))
      links.add(href.split("#")[0] ?? href);
  }
  return [...links];
}

/** The post forms of a page, each with its fields as the browser would send them untouched. */
export function formsOf(html: string, pagePath: string): Form[] {
  const forms: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attributes = m[1] ?? "";
    if (!/method="post"/i.test(attributes)) continue;
    const action = decodeEntities(/\saction="([^"]*)"/.exec(attributes)?.[1] ?? "") || pagePath;
    const fields: [string, string][] = [];
    const body = m[2] ?? "";
    for (const input of body.matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
      const tag = input[2] ?? "";
      const name = /\sname="([^"]+)"/.exec(tag)?.[1];
      if (!name) continue;
      const type = /\stype="([^"]+)"/.exec(tag)?.[1] ?? "text";
      if ((type === "checkbox" || type === "radio") && !/\schecked/.test(tag)) {
        // An unchecked choice still tells which values the field takes.
        fields.push([decodeEntities(name), decodeEntities(/\svalue="([^"]*)"/.exec(tag)?.[1] ?? "on")]);
        continue;
      }
      fields.push([decodeEntities(name), decodeEntities(/\svalue="([^"]*)"/.exec(tag)?.[1] ?? "")]);
    }
    forms.push({ action, multipart: /multipart\/form-data/i.test(attributes), fields });
  }
  return forms;
}

/** Values that have broken parsers, bounds and encoders somewhere. */
export const hostileValues: readonly string[] = [
  "",
  " ",
  "0",
  "-1",
  "1.5",
  "2147483647",
  "2147483648",
  "3000000000",
  "-2147483649",
  "9007199254740993",
  "1e308",
  "NaN",
  "Infinity",
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
  '{"__proto__":{"polluted":1}}',
  "constructor",
  "__proto__",
  "0000-01-01",
  "9999-12-31",
  "2026-13-01",
  "2026-02-30",
  "9999-12",
  "2026-00",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "not-a-uuid",
  "../../../../etc/passwd",
  "..%2f..%2fetc%2fpasswd",
  "%",
  "%E0%A4%A",
  "\u0000",
  "a\u0000b",
  "\u0001\u000b\u001f",
  "\ufffe\uffff",
  "\ud800",
  "\u202eevil\u202c",
  "😀".repeat(50),
  "é".repeat(300),
  "x".repeat(5000),
  "x".repeat(70_000),
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  "'; DROP TABLE response; --",
  "=cmd|' /C calc'!A0",
  "${jndi:ldap://x}",
  "{{7*7}}",
  "\r\nSet-Cookie: x=1",
  "http://127.0.0.1:22/",
  "https://[::ffff:127.0.0.1]:9443/",
  "javascript:alert(1)",
  "//evil.example",
  "en",
  "fr",
  "de",
  "yes",
  "no",
  "on",
  "na",
  "5",
  "web",
  "invitation",
  "complete",
  "partial",
  "csv",
  "xlsx",
  "pdf",
  "errors",
  "labels",
  "codes",
];

/** Query keys the pages read, and a few they never do. */
export const queryKeys: readonly string[] = [
  "version",
  "page",
  "from",
  "to",
  "status",
  "channel",
  "after",
  "download",
  "format",
  "values",
  "labels",
  "step",
  "q",
  "next",
  "done",
  "count",
  "lang",
  "action",
  "weighted",
  "rows",
  "columns",
  "groups",
  "filter",
  "question",
  "driver",
  "sso",
  "token",
  "__proto__",
  "x",
];

export const pick = <T>(r: Random, list: readonly T[]): T => list[r.int(list.length)] as T;

export function hostileValue(r: Random): string {
  if (r.chance(0.15)) return String(r.int(1000) - 10);
  return pick(r, hostileValues);
}

/** A value for a URL; a lone surrogate, which encodeURIComponent refuses, as the bytes a client could still send. */
export function encodeHostile(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80";
  }
}

/** A path with one segment replaced, or one added, or percent-mangled. */
export function mutatePath(r: Random, path: string): string {
  const [pathname = "/", query] = path.split("?");
  const segments = pathname.split("/");
  const roll = r.int(4);
  if (roll === 0 && segments.length > 2) segments[1 + r.int(segments.length - 1)] = encodeHostile(hostileValue(r));
  else if (roll === 1) segments.push(encodeHostile(hostileValue(r)));
  else if (roll === 2 && segments.length > 2)
    segments[1 + r.int(segments.length - 1)] = pick(r, ["%", "%00", "%ZZ", "%2e%2e", ".."]);
  return segments.join("/") + (query ? `?${query}` : "");
}

/** A query string of known and unknown keys with hostile values, kept or added to the path's own. */
export function withHostileQuery(r: Random, path: string): string {
  const [pathname = "/", query = ""] = path.split("?");
  const params = new URLSearchParams(r.chance(0.5) ? query : "");
  const n = 1 + r.int(4);
  for (let i = 0; i < n; i++) {
    const key = pick(r, queryKeys);
    if (r.chance(0.2)) params.append(key, hostileValue(r));
    else params.set(key, hostileValue(r));
  }
  return `${pathname}?${params.toString()}`;
}

/** The fields of a form with some values made hostile, some dropped, some doubled, one added. */
export function mutateFields(r: Random, fields: [string, string][], keep: Set<string>): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of fields) {
    if (keep.has(name)) {
      out.push([name, value]);
      continue;
    }
    const roll = r.uniform();
    if (roll < 0.45) out.push([name, value]);
    else if (roll < 0.85) out.push([name, hostileValue(r)]);
    else if (roll < 0.93) out.push([name, value], [name, hostileValue(r)]);
  }
  if (r.chance(0.3))
    out.push([pick(r, [...fields.map(([n]) => n), "intent", "op", "x", "__proto__"]), hostileValue(r)]);
  return out;
}

/** JSON bodies of every shape: valid-looking batches, wrong types, deep nesting, huge numbers. */
export function hostileJson(r: Random, sample: unknown): string {
  switch (r.int(7)) {
    case 0:
      return JSON.stringify(sample);
    case 1:
      return JSON.stringify(mutateJson(r, sample, 0));
    case 2:
      return "[".repeat(5000) + "]".repeat(5000);
    case 3:
      return `{"responses":[${Array.from({ length: 1 + r.int(3) }, () => JSON.stringify(mutateJson(r, { lang: "en", answers: { "CORE-OS-01": 5 } }, 0))).join(",")}]}`;
    case 4:
      return pick(r, ["", "{", "null", "[]", '"x"', "1e999", '{"a":1,"a":2}', "\u0000"]);
    case 5:
      return JSON.stringify({ [pick(r, queryKeys)]: hostileValue(r) });
    default:
      return JSON.stringify(hostileValue(r));
  }
}

function mutateJson(r: Random, value: unknown, depth: number): unknown {
  if (depth > 4 || r.chance(0.2)) return pick(r, [hostileValue(r), -1, 2 ** 53, 1e308, null, true, [], {}, ["x"], 0.5]);
  if (Array.isArray(value)) return value.map((v) => mutateJson(r, v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!r.chance(0.15)) out[k] = mutateJson(r, v, depth + 1);
    if (r.chance(0.2)) out[hostileValue(r).slice(0, 40)] = hostileValue(r);
    return out;
  }
  return value;
}

/** One request over plain HTTP, for the methods and headers fetch will not send. Resolves with the status. */
export function rawRequest(
  origin: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(origin);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: options.path,
        method: options.method,
        headers: options.headers,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${options.method} ${options.path}`)));
    // The server may answer and close before it reads a body it refuses.
    req.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "EPIPE" || error.code === "ECONNRESET" ? resolve(0) : reject(error),
    );
    req.end(options.body);
  });
}
