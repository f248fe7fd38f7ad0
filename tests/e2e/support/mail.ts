import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import type { StoredMail } from "./global-setup.ts";

/** Every message the SMTP sink has received so far, oldest first. */
export function allMail(): StoredMail[] {
  const dir = inject("mailDir");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.startsWith("."))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as StoredMail);
}

/**
 * Waits until a message to `to` whose subject contains `subjectIncludes`
 * reaches the sink, and returns the newest such message.
 */
export async function waitForMail(to: string, subjectIncludes: string, timeoutMs = 15_000): Promise<StoredMail> {
  const deadline = Date.now() + timeoutMs;
  const address = to.toLowerCase();
  for (;;) {
    const found = allMail().filter((m) => m.to.includes(address) && m.subject.includes(subjectIncludes));
    const newest = found.at(-1);
    if (newest) return newest;
    if (Date.now() > deadline) {
      const seen = allMail().map((m) => `  ${m.to.join(", ")}: ${m.subject}`);
      throw new Error(
        `No e-mail to ${to} with a subject containing "${subjectIncludes}" within ${timeoutMs} ms. The sink holds:\n${seen.join("\n") || "  (nothing)"}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The first link in a message's plain-text part whose path matches `pathPattern`. */
export function linkIn(mail: StoredMail, pathPattern: RegExp): URL {
  for (const match of mail.text.matchAll(/https?:\/\/\S+/g)) {
    const link = new URL(match[0]);
    if (pathPattern.test(link.pathname)) return link;
  }
  throw new Error(`No link matching ${pathPattern} in the e-mail "${mail.subject}":\n${mail.text}`);
}
