// The report's two charts, drawn with react-pdf's vector primitives from the
// report's numbers (react-pdf cannot place an SVG string; decision 0021).
// Each sits beside a table with the same numbers, which is what a screen
// reader reads.
import { Circle, G, Line, Rect, Svg, Text } from "@react-pdf/renderer";
import type { Lang } from "#app/i18n/paths.ts";
import type { ReportDriver, ReportScore } from "#app/modules/insights/report-data.server.ts";
import { driverName, percent, score } from "#app/modules/insights/report-text.ts";
import type { Quadrant } from "#app/stats/priorities.ts";

export const colors = {
  ink: "#333333",
  muted: "#595959",
  grid: "#d9d9d9",
  bar: "#26374a",
  whisker: "#333333",
  quadrant: { priority: "#b3261e", strength: "#1b6c2a", secondary: "#8a5a00", surplus: "#595959" } as Record<
    Quadrant,
    string
  >,
};

// react-pdf's SVG text takes a font size through its style, which its types leave out.
const font = (size: number, bold = false) =>
  ({ fontSize: size, fontFamily: bold ? "Helvetica-Bold" : "Helvetica" }) as object;

const WIDTH = 500;

/** Round ticks from `low` to `high`: steps of 1, 2, 2.5 or 5 times a power of ten, at most 6 of them. */
function ticks(low: number, high: number): number[] {
  const span = high - low || 1;
  const power = 10 ** Math.floor(Math.log10(span / 5));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((st) => span / st <= 5) ?? span;
  const out: number[] = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) out.push(v);
  return out;
}

/** Horizontal bars: each question's mean score (0–100) with its 95 % interval. */
export function ScoresChart({ scores, lang }: { scores: ReportScore[]; lang: Lang }) {
  const label = 110;
  const right = 40;
  const row = 16;
  const top = 14;
  const height = top + scores.length * row + 8;
  const x = (v: number) => label + (Math.max(0, Math.min(100, v)) / 100) * (WIDTH - label - right);
  return (
    <Svg width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`}>
      {[0, 25, 50, 75, 100].map((tick) => (
        <G key={tick}>
          <Line x1={x(tick)} x2={x(tick)} y1={top - 2} y2={height - 6} stroke={colors.grid} strokeWidth={0.5} />
          <Text x={x(tick)} y={top - 5} textAnchor="middle" fill={colors.muted} style={font(7)}>
            {String(tick)}
          </Text>
        </G>
      ))}
      {scores.map((s, i) => {
        const y = top + i * row;
        return (
          <G key={s.code}>
            <Text x={label - 6} y={y + 10} textAnchor="end" fill={colors.ink} style={font(7)}>
              {s.code}
            </Text>
            <Rect x={x(0)} y={y + 3} width={x(s.mean) - x(0)} height={row - 6} fill={colors.bar} />
            <Line
              x1={x(s.ci[0])}
              x2={x(s.ci[1])}
              y1={y + row / 2}
              y2={y + row / 2}
              stroke={colors.whisker}
              strokeWidth={1}
            />
            <Line x1={x(s.ci[0])} x2={x(s.ci[0])} y1={y + 4} y2={y + row - 4} stroke={colors.whisker} strokeWidth={1} />
            <Line x1={x(s.ci[1])} x2={x(s.ci[1])} y1={y + 4} y2={y + row - 4} stroke={colors.whisker} strokeWidth={1} />
            <Text x={x(100) + 6} y={y + 10} fill={colors.ink} style={font(7)}>
              {score(lang, s.mean)}
            </Text>
          </G>
        );
      })}
    </Svg>
  );
}

/** The importance × performance matrix, cut at the drivers' mean importance and mean performance. */
export function DriverMatrix({
  drivers,
  lang,
  labels,
}: {
  drivers: ReportDriver[];
  lang: Lang;
  labels: { x: string; y: string; quadrants: Record<Quadrant, string> };
}) {
  const height = 300;
  const pad = { left: 44, right: 16, top: 16, bottom: 34 };
  const maxImportance = Math.max(0.01, ...drivers.map((d) => d.importance)) * 1.15;
  const perf = drivers.map((d) => d.performance);
  const low = Math.max(0, Math.floor((Math.min(...perf) - 5) / 5) * 5);
  const high = Math.min(100, Math.ceil((Math.max(...perf) + 5) / 5) * 5);
  const x = (v: number) => pad.left + (v / maxImportance) * (WIDTH - pad.left - pad.right);
  const y = (v: number) => pad.top + ((high - v) / (high - low || 1)) * (height - pad.top - pad.bottom);
  const cutX = x(drivers.reduce((a, d) => a + d.importance, 0) / drivers.length);
  const cutY = y(perf.reduce((a, b) => a + b, 0) / perf.length);
  const ticksX = ticks(0, maxImportance);
  const ticksY = ticks(low, high);
  const corner = (q: Quadrant, cx: number, cy: number, anchor: "start" | "end") => (
    <Text x={cx} y={cy} textAnchor={anchor} fill={colors.quadrant[q]} style={font(7, true)}>
      {labels.quadrants[q]}
    </Text>
  );
  return (
    <Svg width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`}>
      <Rect
        x={pad.left}
        y={pad.top}
        width={WIDTH - pad.left - pad.right}
        height={height - pad.top - pad.bottom}
        fill="none"
        stroke={colors.grid}
        strokeWidth={0.75}
      />
      {ticksX.map((v) => (
        <Text
          key={`x${v}`}
          x={x(v)}
          y={height - pad.bottom + 10}
          textAnchor="middle"
          fill={colors.muted}
          style={font(7)}
        >
          {percent(lang, v)}
        </Text>
      ))}
      {ticksY.map((v) => (
        <Text key={`y${v}`} x={pad.left - 4} y={y(v) + 2} textAnchor="end" fill={colors.muted} style={font(7)}>
          {score(lang, v)}
        </Text>
      ))}
      <Line
        x1={cutX}
        x2={cutX}
        y1={pad.top}
        y2={height - pad.bottom}
        stroke={colors.muted}
        strokeWidth={0.75}
        strokeDasharray="3 2"
      />
      <Line
        x1={pad.left}
        x2={WIDTH - pad.right}
        y1={cutY}
        y2={cutY}
        stroke={colors.muted}
        strokeWidth={0.75}
        strokeDasharray="3 2"
      />
      {corner("priority", WIDTH - pad.right - 4, height - pad.bottom - 5, "end")}
      {corner("strength", WIDTH - pad.right - 4, pad.top + 10, "end")}
      {corner("surplus", pad.left + 4, pad.top + 10, "start")}
      {corner("secondary", pad.left + 4, height - pad.bottom - 5, "start")}
      {drivers.map((d) => (
        <G key={d.code}>
          <Circle cx={x(d.importance)} cy={y(d.performance)} r={3.5} fill={colors.quadrant[d.quadrant]} />
          <Text x={x(d.importance) + 6} y={y(d.performance) + 2.5} fill={colors.ink} style={font(7)}>
            {driverName(d, lang)}
          </Text>
        </G>
      ))}
      <Text x={(pad.left + WIDTH - pad.right) / 2} y={height - 6} textAnchor="middle" fill={colors.ink} style={font(8)}>
        {labels.x}
      </Text>
      <Text x={10} y={pad.top - 6} fill={colors.ink} style={font(8)}>
        {labels.y}
      </Text>
    </Svg>
  );
}
