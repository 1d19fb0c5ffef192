// Benchmarks print each figure beside a baseline measured in the same run, because these machines
// are noisy: the ratio is what to compare between runs, the absolute number only describes this one.

export interface Figure {
  /** What was measured, e.g. 'import ATT&CK into sqlite'. */
  name: string;
  value: number;
  unit: string;
  /** A simpler job measured in the same run, to read `value` against. */
  baseline?: { name: string; value: number };
  /** The figure the issue asks for, as text, e.g. '>= 30000 objects/s'. */
  target?: string;
  /** Whether the target is met; absent when there is no target. */
  met?: boolean;
}

export interface Bench {
  name: string;
  run(): Promise<Figure[]>;
}

/** Times fn once; returns seconds. */
export async function seconds(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function formatFigure(f: Figure): string {
  const value = `${f.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${f.unit}`;
  const base = f.baseline
    ? `  | baseline ${f.baseline.name}: ${f.baseline.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${f.unit}` +
      ` (ratio ${(f.value / f.baseline.value).toFixed(2)})`
    : '';
  const target = f.target ? `  | target ${f.target}: ${f.met ? 'met' : 'NOT met'}` : '';
  return `${f.name}: ${value}${base}${target}`;
}

/** mulberry32: a small seeded generator, so every run of a bench sees the same data. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
