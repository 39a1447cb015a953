/**
 * The benchmark module shape and small statistics helpers shared by bench/ files.
 */

/** A benchmark: prints a table through `log` and returns its figures as JSON data. */
export interface Benchmark {
  run(io: { log: (line: string) => void }): Promise<Record<string, unknown>>;
}

/** The q-quantile (0..1) of `samples` by linear interpolation. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const lowValue = sorted[low] ?? Number.NaN;
  const highValue = sorted[high] ?? Number.NaN;
  return lowValue + (highValue - lowValue) * (position - low);
}

/** The median of `samples`. */
export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/** Formats a figure row: name, ours, target or peer, and the ratio. */
export function row(cells: readonly (string | number)[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => {
      const text = typeof cell === 'number' ? formatNumber(cell) : cell;
      return i === 0 ? text.padEnd(widths[i] ?? 10) : text.padStart(widths[i] ?? 10);
    })
    .join('  ');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(3);
}
