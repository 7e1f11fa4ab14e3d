// The one benchmark harness: every bench file describes cases with `bench(...)`, and `runBenches` measures them
// with benchmark.js and prints one table. Called by bench/index.ts (npm run bench) and the CI smoke pass
// (npm run bench -- --smoke). Read bench/index.ts next.
import Benchmark from "benchmark";

/** One measured case. `perCall` = how many units (nodes, elements, steps) one call of `fn` processes. */
export interface Case {
  group: string;
  name: string;
  fn: () => unknown;
  perCall?: number;
  unit?: string;
  /** Name of the case in the same group that ratios are reported against. */
  baseline?: string;
}

/** One row of the result table. */
export interface Row {
  group: string;
  name: string;
  /** Calls per second (mean of benchmark.js samples). */
  hz: number;
  /** Nanoseconds per unit (per call / perCall). */
  nsPerUnit: number;
  /** Units per second. */
  unitsPerSecond: number;
  unit: string;
  /** Relative margin of error in percent (benchmark.js `rme`). */
  rme: number;
  samples: number;
  /** Time of this case divided by the baseline's time (1 for the baseline; undefined when there is none). */
  ratio?: number;
}

/** A sink that keeps results alive so the optimizer cannot drop the work. */
export let blackhole: unknown;
/** Store a value in the blackhole. */
export function consume(x: unknown): void {
  blackhole = x;
}

/** Measure every case. `smoke` runs each case briefly: it proves the code runs, not how fast. */
export function runBenches(cases: Case[], opts: { smoke?: boolean; filter?: RegExp } = {}): Row[] {
  const rows: Row[] = [];
  for (const c of cases) {
    if (opts.filter && !opts.filter.test(`${c.group} ${c.name}`)) continue;
    // Warm up first, as JMH's warmup iterations do: benchmark.js averages every sample it takes, so a case of
    // 80 ms per call (N = 10^6) would otherwise carry its first, not yet compiled, calls into its mean.
    if (!opts.smoke) for (let n = 0, t0 = performance.now(); n < 3 || performance.now() - t0 < 500; n++) c.fn();
    const b = new Benchmark(c.name, c.fn, opts.smoke ? { maxTime: 0.05, minSamples: 2, initCount: 1 } : { maxTime: 2, minSamples: 10 });
    b.run({ async: false });
    if (b.error) throw b.error;
    const perCall = c.perCall ?? 1;
    rows.push({
      group: c.group,
      name: c.name,
      hz: b.hz,
      nsPerUnit: 1e9 / b.hz / perCall,
      unitsPerSecond: b.hz * perCall,
      unit: c.unit ?? "call",
      rme: b.stats.rme,
      samples: b.stats.sample.length,
    });
    if (!opts.smoke) process.stderr.write(`  ${c.group} / ${c.name}: ${fmt(1e9 / b.hz / perCall)} ns/${c.unit ?? "call"}\n`);
  }
  for (const c of cases) {
    if (!c.baseline) continue;
    const row = rows.find((r) => r.group === c.group && r.name === c.name);
    const base = rows.find((r) => r.group === c.group && r.name === c.baseline);
    if (row && base) {
      row.ratio = base.hz / row.hz;
      base.ratio = 1;
    }
  }
  return rows;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x >= 1e6 || x < 1e-2) return x.toExponential(2);
  return x >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

/** Render rows as a Markdown table (the format BENCHMARKS.md holds). */
export function table(rows: Row[]): string {
  const head = "| group | case | ns / unit | units / s | unit | ±% | ratio vs baseline |\n|---|---|---:|---:|---|---:|---:|\n";
  return head + rows.map((r) =>
    `| ${r.group} | ${r.name} | ${fmt(r.nsPerUnit)} | ${fmt(r.unitsPerSecond)} | ${r.unit} | ${r.rme.toFixed(1)} | ${r.ratio === undefined ? "" : r.ratio.toFixed(2) + "x"} |`,
  ).join("\n");
}
