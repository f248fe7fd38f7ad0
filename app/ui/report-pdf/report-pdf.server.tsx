// The report as a PDF: a title page, the headline, the scores by question,
// the drivers and the priorities, each chart with the table of its numbers,
// in one language or in both one after the other. react-pdf writes the
// document's title, language and an outline (bookmarks) but no structure
// tags: the tables and the text carry every number a chart shows.
import type { ComponentProps } from "react";
import { Document, Font, Page, renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
import { formatDateTime, formatNumber, intlLocale, tFor } from "#app/i18n/i18n.ts";
import type { Lang } from "#app/i18n/paths.ts";
import type { ReportData, ReportDriver } from "#app/modules/insights/report-data.server.ts";
import {
  describeFilter,
  driverName,
  languagesOf,
  noteText,
  percent,
  type ReportLanguage,
  score,
} from "#app/modules/insights/report-text.ts";
import type { Quadrant } from "#app/stats/priorities.ts";
import { colors, DriverMatrix, ScoresChart } from "./charts.server.tsx";

// react-pdf hyphenates with English rules, which cut French words wrongly: break lines between words only.
Font.registerHyphenationCallback((word) => [word]);

// Line heights are set on text styles, never on a page: one a fixed footer
// inherits keeps it from being drawn (react-pdf 4.9).
const styles = StyleSheet.create({
  page: { padding: 48, paddingBottom: 60, fontFamily: "Helvetica", fontSize: 10, color: colors.ink },
  titlePage: { padding: 72, fontFamily: "Helvetica", fontSize: 12, color: colors.ink },
  org: { fontSize: 14, color: colors.muted, marginBottom: 48 },
  docTitle: { fontSize: 30, lineHeight: 1.2, fontFamily: "Helvetica-Bold", color: colors.bar, marginBottom: 16 },
  surveyTitle: { fontSize: 18, lineHeight: 1.3, marginBottom: 32 },
  meta: { fontSize: 12, marginBottom: 6, lineHeight: 1.4 },
  h2: { fontSize: 16, fontFamily: "Helvetica-Bold", color: colors.bar, marginTop: 12, marginBottom: 8 },
  p: { fontSize: 10, marginBottom: 8, lineHeight: 1.35 },
  headline: { flexDirection: "row", marginBottom: 12 },
  figure: { flex: 1, borderLeft: `3pt solid ${colors.bar}`, paddingLeft: 8, marginRight: 12 },
  figureValue: { fontSize: 24, lineHeight: 1.2, fontFamily: "Helvetica-Bold", marginBottom: 2 },
  figureLabel: { fontSize: 9, lineHeight: 1.35, color: colors.muted },
  caption: { fontSize: 9, fontFamily: "Helvetica-Bold", marginTop: 6, marginBottom: 4 },
  table: { marginTop: 6, marginBottom: 10, borderTop: `0.75pt solid ${colors.ink}` },
  row: { flexDirection: "row", borderBottom: `0.5pt solid ${colors.grid}`, paddingVertical: 2 },
  headRow: { flexDirection: "row", borderBottom: `0.75pt solid ${colors.ink}`, paddingVertical: 2 },
  cell: { fontSize: 8, lineHeight: 1.35, paddingHorizontal: 2 },
  head: { fontSize: 8, paddingHorizontal: 2, fontFamily: "Helvetica-Bold" },
  footer: {
    position: "absolute",
    bottom: 28,
    left: 48,
    right: 48,
    fontSize: 8,
    color: colors.muted,
    flexDirection: "row",
  },
});

// Intl's French groups digits with a narrow no-break space, which the PDF's
// standard fonts lack: a no-break space reads the same.
const clean = (text: string) => text.replace(/\u202f/g, "\u00a0");

interface Col {
  label: string;
  width: number;
  align?: "right";
}

function Table({ cols, rows }: { cols: Col[]; rows: string[][] }) {
  return (
    <View style={styles.table}>
      <View style={styles.headRow} fixed>
        {cols.map((c) => (
          <Text key={c.label} style={[styles.head, { width: `${c.width}%`, textAlign: c.align ?? "left" }]}>
            {clean(c.label)}
          </Text>
        ))}
      </View>
      {rows.map((row, i) => (
        <View key={i} style={styles.row} wrap={false}>
          {row.map((cell, j) => (
            <Text
              key={j}
              style={[styles.cell, { width: `${cols[j]?.width ?? 10}%`, textAlign: cols[j]?.align ?? "left" }]}
            >
              {clean(cell)}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

// react-pdf draws a bookmark for any element, though its types allow one on pages only.
function Heading({ children, breakBefore = false }: { children: string; breakBefore?: boolean }) {
  const props = { style: styles.h2, bookmark: { title: children }, break: breakBefore } as ComponentProps<typeof Text>;
  return <Text {...props}>{children}</Text>;
}

function Figure({ value, label }: { value: string; label: string }) {
  return (
    <View style={styles.figure}>
      <Text style={styles.figureValue}>{clean(value)}</Text>
      <Text style={styles.figureLabel}>{clean(label)}</Text>
    </View>
  );
}

function driverRows(drivers: ReportDriver[], lang: Lang, t: ReturnType<typeof tFor>) {
  return drivers.map((d) => [
    `${driverName(d, lang)} (${d.code})`,
    formatNumber(lang, d.r, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    percent(lang, d.importance),
    score(lang, d.performance),
    t(`reports.quadrants.${d.quadrant}`),
  ]);
}

function Footer({ title, lang }: { title: string; lang: Lang }) {
  const t = tFor(lang);
  return (
    <View style={styles.footer} fixed>
      <Text style={{ width: "75%" }}>{title}</Text>
      <Text
        style={{ width: "25%", textAlign: "right" }}
        render={({ pageNumber, totalPages }) => t("reports.doc.page", { page: pageNumber, pages: totalPages })}
      />
    </View>
  );
}

function TitlePage({ report, lang }: { report: ReportData; lang: Lang }) {
  const t = tFor(lang);
  return (
    <Page
      size="LETTER"
      style={styles.titlePage}
      bookmark={{ title: `${t("reports.doc.title")} (${lang.toUpperCase()})` }}
    >
      <Text style={styles.org}>{report.organization[lang]}</Text>
      <Text style={styles.docTitle}>{t("reports.doc.title")}</Text>
      <Text style={styles.surveyTitle}>{report.survey.title[lang]}</Text>
      <Text style={styles.meta}>
        {clean(t("reports.doc.generated", { date: formatDateTime(lang, report.generatedAt) }))}
      </Text>
      <Text style={styles.meta}>{clean(t("reports.doc.filter", { filter: describeFilter(report.filter, lang) }))}</Text>
      <Text style={styles.meta}>{t("reports.doc.versionsList", { versions: report.versions.join(", ") })}</Text>
      <Text style={styles.meta}>{report.weighted ? t("reports.doc.weighted") : t("reports.doc.unweighted")}</Text>
    </Page>
  );
}

function Body({ report, lang }: { report: ReportData; lang: Lang }) {
  const t = tFor(lang);
  const h = report.headline;
  const quadrants = Object.fromEntries(
    (["priority", "strength", "secondary", "surplus"] as const).map((q) => [q, t(`reports.quadrants.${q}`)]),
  ) as Record<Quadrant, string>;
  const driverCols: Col[] = [
    { label: t("reports.doc.driver"), width: 36 },
    { label: t("reports.doc.r"), width: 14, align: "right" },
    { label: t("reports.doc.importance"), width: 14, align: "right" },
    { label: t("reports.doc.performance"), width: 14, align: "right" },
    { label: t("reports.doc.quadrant"), width: 22 },
  ];
  return (
    <Page size="LETTER" style={styles.page}>
      <Footer title={report.survey.title[lang]} lang={lang} />
      <Heading>{t("reports.doc.headline")}</Heading>
      {h ? (
        <View style={styles.headline}>
          <Figure
            value={score(lang, h.mean)}
            label={`${t("reports.doc.overallScore")}. ${t("reports.doc.ci", { low: score(lang, h.ci[0]), high: score(lang, h.ci[1]) })}`}
          />
          <Figure
            value={percent(lang, h.satisfied.p)}
            label={`${t("reports.doc.satisfied")}. ${t("reports.doc.ci", { low: percent(lang, h.satisfied.ci[0]), high: percent(lang, h.satisfied.ci[1]) })}`}
          />
          <Figure value={formatNumber(lang, report.n)} label={t("reports.doc.responses")} />
        </View>
      ) : (
        <Text style={styles.p}>{t("reports.doc.noHeadline")}</Text>
      )}
      <Text style={styles.p}>{t("reports.doc.scoreScale")}</Text>

      <Heading>{t("reports.doc.scores")}</Heading>
      {report.scores.length > 0 ? (
        <>
          <Text style={styles.p}>{t("reports.doc.scoresIntro")}</Text>
          <View wrap={false}>
            <Text style={styles.caption}>{t("reports.doc.scoresChart")}</Text>
            <ScoresChart scores={report.scores} lang={lang} />
          </View>
          <Table
            cols={[
              { label: t("reports.doc.question"), width: 52 },
              { label: t("reports.doc.n"), width: 8, align: "right" },
              { label: t("reports.doc.mean"), width: 10, align: "right" },
              { label: `${t("reports.doc.ciLow")} – ${t("reports.doc.ciHigh")}`, width: 16, align: "right" },
              { label: t("reports.doc.satisfiedShort"), width: 14, align: "right" },
            ]}
            rows={report.scores.map((s) => [
              `${s.code} — ${s.text[lang]}`,
              formatNumber(lang, s.n),
              score(lang, s.mean),
              `${score(lang, s.ci[0])} – ${score(lang, s.ci[1])}`,
              percent(lang, s.satisfied.p),
            ])}
          />
        </>
      ) : (
        <Text style={styles.p}>{t("reports.doc.noScores")}</Text>
      )}

      <Heading breakBefore>{t("reports.doc.drivers")}</Heading>
      {report.drivers ? (
        <>
          <Text style={styles.p}>
            {clean(
              t("reports.doc.driversIntro", {
                r2: percent(lang, report.drivers.r2),
                n: formatNumber(lang, report.drivers.n),
              }),
            )}
          </Text>
          <View wrap={false}>
            <Text style={styles.caption}>{t("reports.doc.driversChart")}</Text>
            <DriverMatrix
              drivers={report.drivers.items}
              lang={lang}
              labels={{ x: t("reports.doc.axisImportance"), y: t("reports.doc.axisPerformance"), quadrants }}
            />
          </View>
          <Table cols={driverCols} rows={driverRows(report.drivers.items, lang, t)} />
        </>
      ) : (
        <Text style={styles.p}>{t("reports.doc.noDrivers")}</Text>
      )}

      {/* A short section: kept on one page with its heading. */}
      <View wrap={false}>
        <Heading>{t("reports.doc.priorities")}</Heading>
        {report.priorities.length > 0 ? (
          <>
            <Text style={styles.p}>{t("reports.doc.prioritiesIntro")}</Text>
            {report.priorities.map((d, i) => (
              <Text key={d.code} style={styles.p}>
                {clean(
                  `${i + 1}. ${driverName(d, lang)} — ${t("reports.doc.importance")} ${percent(lang, d.importance)}, ${t("reports.doc.performance")} ${score(lang, d.performance)}. ${d.text[lang]}`,
                )}
              </Text>
            ))}
          </>
        ) : (
          <Text style={styles.p}>{t(report.drivers ? "reports.doc.noPriorities" : "reports.doc.noDrivers")}</Text>
        )}
      </View>

      {report.notes.length > 0 ? (
        <>
          <Text style={styles.h2}>{t("reports.doc.notes")}</Text>
          {report.notes.map((note, i) => (
            <Text key={i} style={styles.p}>
              {clean(noteText(note, lang))}
            </Text>
          ))}
        </>
      ) : null}
    </Page>
  );
}

/** The PDF's bytes, in one language or both (English, then French). */
export async function reportPdf(report: ReportData, language: ReportLanguage): Promise<Buffer> {
  const langs = languagesOf(language);
  const first = langs[0] ?? "en";
  const t = tFor(first);
  const title = langs.map((lang) => `${tFor(lang)("reports.doc.title")} — ${report.survey.title[lang]}`).join(" / ");
  return renderToBuffer(
    <Document
      title={title}
      author={t("reports.doc.author", { organization: report.organization[first] })}
      subject={t("reports.doc.subject", { title: report.survey.title[first] })}
      creator="Outside-In"
      producer="Outside-In"
      language={intlLocale[first]}
      creationDate={report.generatedAt}
      pageMode="useOutlines"
    >
      {langs.map((lang) => [
        <TitlePage key={`t${lang}`} report={report} lang={lang} />,
        <Body key={`b${lang}`} report={report} lang={lang} />,
      ])}
    </Document>,
  );
}
