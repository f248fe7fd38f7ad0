// The importance × performance matrix. A driver's importance is its share of
// R² (LMG); its performance is its mean score. Each axis is cut at the mean
// over the drivers, a value on the mean counting as high.

export type Quadrant =
  /** High importance, low performance: improve these first. */
  | "priority"
  /** High importance, high performance: maintain. */
  | "strength"
  /** Low importance, low performance: improve later. */
  | "secondary"
  /** Low importance, high performance: effort that could go elsewhere. */
  | "surplus";

export interface ImportancePerformance {
  importance: number;
  performance: number;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function classifyDrivers(drivers: readonly ImportancePerformance[]): Quadrant[] {
  const importanceCut = mean(drivers.map((d) => d.importance));
  const performanceCut = mean(drivers.map((d) => d.performance));
  return drivers.map(({ importance, performance }) => {
    const important = importance >= importanceCut;
    const performing = performance >= performanceCut;
    if (important) return performing ? "strength" : "priority";
    return performing ? "surplus" : "secondary";
  });
}
