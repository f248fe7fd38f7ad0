import type { DashboardView } from "#app/modules/insights/dashboard-view.ts";
import type { ResultsNote } from "#app/modules/insights/results.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import { count, textOf } from "./format.ts";

/** What could not be computed, and why, in words. */
export function ResultsNotes({ view }: { view: DashboardView }) {
  const t = useT();
  const lang = useLang();
  if (view.notes.length === 0) return null;
  const questionText = (code: string) => {
    const q = view.filterQuestions.find((f) => f.code === code);
    return q ? textOf(lang, q) : code;
  };
  const say = (note: ResultsNote) => {
    switch (note.key) {
      case "tooFewRatings":
        return t("results.notes.tooFewRatings", { question: questionText(note.code), n: count(lang, note.n) });
      case "tooFewForDrivers":
        return t("results.notes.tooFewForDrivers", { n: count(lang, note.n), needed: count(lang, note.needed) });
      case "constantDriver":
        return t("results.notes.constantDriver", { question: questionText(note.code) });
      default:
        return t(`results.notes.${note.key}`);
    }
  };
  return (
    <section aria-labelledby="results-notes" className="results-section">
      <h2 id="results-notes">{t("results.notes.title")}</h2>
      <ul>
        {view.notes.map((note, i) => (
          <li key={`${note.key}-${i}`}>{say(note)}</li>
        ))}
      </ul>
    </section>
  );
}
