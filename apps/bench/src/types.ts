/** One measured quantity, osvif beside the os-vif 3.0.0 figure from the same run. */
export interface BenchRow {
  readonly name: string;
  /** What osvif measured, in `unit`. */
  readonly osvif: number;
  /** What os-vif 3.0.0 measured in the same run, same unit (absent when os-vif has no equivalent). */
  readonly osvifPython?: number;
  readonly unit: string;
  /** Goal as "at least N times os-vif" (ratio = osvifPython / osvif for times, inverse for rates). */
  readonly goalRatio?: number;
  /** true when bigger is better (throughput); ratio is then osvif / osvifPython. */
  readonly higherIsBetter?: boolean;
  readonly note?: string;
}

export interface BenchSection {
  readonly title: string;
  readonly rows: readonly BenchRow[];
  /** Free text printed under the table (method, sample counts). */
  readonly notes?: readonly string[];
}

/** A benchmark module exports `run`, which sets up and tears down everything it uses. */
export type BenchModule = { run(options: { quick: boolean }): Promise<BenchSection> };

export function ratio(row: BenchRow): number | undefined {
  if (row.osvifPython === undefined || row.osvif === 0) return undefined;
  return row.higherIsBetter ? row.osvif / row.osvifPython : row.osvifPython / row.osvif;
}

/** Median of a sample (the benches report medians to resist outliers on a shared 2-core box). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `each` over `items` in `lanes` concurrent lanes, each lane taking the next item once its last one is done. */
export async function inLanes<T>(items: readonly T[], lanes: number, each: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await each(items[next++]);
    }),
  );
}
