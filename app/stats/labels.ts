// One order for category labels everywhere (groups, table rows and columns):
// alphabetical, with numbers in numeric order ("2" before "10").
const collator = new Intl.Collator("en", { numeric: true });

export const compareLabels = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** The distinct labels in `order` first (in its order), then the rest sorted. */
export function sortedLabels(values: Iterable<string>, order: readonly string[] = []): string[] {
  const rank = (label: string) => {
    const i = order.indexOf(label);
    return i < 0 ? order.length : i;
  };
  return [...new Set(values)].sort((a, b) => rank(a) - rank(b) || compareLabels(a, b));
}
