// Short open comments for the demo, in both languages. A respondent writes
// about the driver they rated lowest (or, asked what went well, highest), so
// the comments agree with the ratings.
import type { Driver } from "#app/modules/measure/cmt-bank.ts";
import type { Random } from "#app/stats/random.ts";

type Lines = Record<"en" | "fr", readonly string[]>;

const improve: Record<Driver, Lines> = {
  timeliness: {
    en: ["It took far too long to get an answer.", "Please shorten the wait; I lost a day of work."],
    fr: [
      "Le délai pour obtenir une réponse était beaucoup trop long.",
      "Réduisez l'attente : j'ai perdu une journée de travail.",
    ],
  },
  outcome: {
    en: ["I still do not have what I came for.", "My request was only partly dealt with."],
    fr: ["Je n'ai toujours pas obtenu ce que je demandais.", "Ma demande n'a été traitée qu'en partie."],
  },
  knowledge: {
    en: ["The agent could not answer my questions.", "I got different answers from different people."],
    fr: ["L'agent ne pouvait pas répondre à mes questions.", "J'ai reçu des réponses différentes selon la personne."],
  },
  ease_of_access: {
    en: ["Hard to find the right form on the website.", "Longer opening hours would help."],
    fr: ["Difficile de trouver le bon formulaire sur le site Web.", "Des heures d'ouverture plus longues aideraient."],
  },
  fairness: {
    en: ["The rules seemed to apply differently to me.", "I did not feel my situation was considered."],
    fr: [
      "Les règles semblaient s'appliquer autrement dans mon cas.",
      "J'ai senti qu'on ne tenait pas compte de ma situation.",
    ],
  },
  courtesy: {
    en: ["Staff seemed rushed and impatient.", "A little more patience would go a long way."],
    fr: ["Le personnel semblait pressé et impatient.", "Un peu plus de patience ferait toute la différence."],
  },
};

const praise: Record<Driver, Lines> = {
  timeliness: { en: ["Quick and efficient, thank you."], fr: ["Rapide et efficace, merci."] },
  outcome: { en: ["I got exactly what I needed."], fr: ["J'ai obtenu exactement ce qu'il me fallait."] },
  knowledge: { en: ["The agent knew the file inside out."], fr: ["L'agent connaissait le dossier à fond."] },
  ease_of_access: { en: ["Easy to do everything online."], fr: ["Facile de tout faire en ligne."] },
  fairness: { en: ["I was treated fairly and with respect."], fr: ["J'ai été traité équitablement et avec respect."] },
  courtesy: { en: ["Friendly staff who went the extra mile."], fr: ["Un personnel aimable qui en a fait plus."] },
};

/** "What did we do well?" asks for praise; every other open question gets a suggestion. */
const PRAISE_QUESTIONS = new Set(["SUP-TXT-02"]);

export function commentFor(code: string, perception: Record<Driver, number>, lang: "en" | "fr", r: Random): string {
  const ranked = (Object.keys(perception) as Driver[]).sort((a, b) => perception[a] - perception[b]);
  const wantsPraise = PRAISE_QUESTIONS.has(code);
  const driver = (wantsPraise ? ranked.at(-1) : ranked[0]) ?? "timeliness";
  const lines = (wantsPraise ? praise : improve)[driver][lang];
  return lines[r.int(lines.length)] ?? "";
}
