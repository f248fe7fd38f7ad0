import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

// New passwords (sign-up, reset, change) are checked offline against the
// common and breached passwords zxcvbn ships (about 50,000, with their
// variants: case, l33t, reversal, repeats, keyboard runs, dates) and must score
// 3 of 4 (OWASP ASVS 4 §2.1.7); one built from the person's own address or
// name is refused outright.
const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, useLevenshteinDistance: true });
const MIN_SCORE = 3;

/** The catalogue key of what is wrong with a new password, or null if it may be used. */
export function passwordProblem(password: string, person: { email: string; name?: string }): string | null {
  const lower = password.toLowerCase();
  const local = person.email.split("@")[0]?.toLowerCase() ?? "";
  const words = [local, ...local.split(/[._+-]+/), ...(person.name ?? "").toLowerCase().split(/\s+/)];
  if (words.some((w) => w.length >= 3 && lower.includes(w))) return "errors.passwordPersonal";
  const inputs = words.filter((w) => w.length >= 3);
  if (zxcvbn.check(password, inputs).score < MIN_SCORE) return "errors.passwordCommon";
  return null;
}
