// Request latencies by kind of request, kept only while `measuring` is on
// (warm-up excluded), and failures by kind and cause.

export class Latencies {
  measuring = false;
  private readonly byKind = new Map<string, number[]>();
  readonly failures = new Map<string, number>();

  record(kind: string, ms: number) {
    if (!this.measuring) return;
    let list = this.byKind.get(kind);
    if (!list) this.byKind.set(kind, (list = []));
    list.push(ms);
  }

  fail(kind: string, error: unknown) {
    const cause = (error as { code?: string }).code ?? (error as Error).message ?? String(error);
    const key = `${kind}: ${cause}`;
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
  }

  get count(): number {
    let n = 0;
    for (const list of this.byKind.values()) n += list.length;
    return n;
  }

  /** p95 of every request, in ms. */
  overall(p: number): number {
    return percentile(
      [...this.byKind.values()].flat().sort((a, b) => a - b),
      p,
    );
  }

  table(order: string[]): string {
    const kinds = [
      ...order.filter((k) => this.byKind.has(k)),
      ...[...this.byKind.keys()].filter((k) => !order.includes(k)),
    ];
    const rows = [
      ["all requests", [...this.byKind.values()].flat()] as const,
      ...kinds.map((k) => [k, this.byKind.get(k) ?? []] as const),
    ];
    const lines = [
      `  ${"request latency (ms)".padEnd(22)}${["count", "p50", "p95", "p99", "max"].map((h) => h.padStart(8)).join("")}`,
    ];
    for (const [kind, values] of rows) {
      const sorted = [...values].sort((a, b) => a - b);
      const cells = [String(sorted.length), ...[50, 95, 99, 100].map((p) => percentile(sorted, p).toFixed(1))];
      lines.push(`  ${kind.padEnd(22)}${cells.map((c) => c.padStart(8)).join("")}`);
    }
    return lines.join("\n");
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
