// `npm run bench:memory` (node --expose-gc): does memory stay flat over many gradients? Runs 10^6 calls of a small
// valueAndGrad function and 10^6 SVI steps of the README coin flip, and samples heapUsed after a full GC at 10^4,
// 10^5 and 10^6 iterations against a baseline taken after a short warm-up. A tape that rewinds its arena (see
// src/autodiff/tape.ts) should show growth near 0 bytes. `--smoke` stops at 10^4. BENCHMARKS.md has the figures.
import { add, mul, valueAndGrad, type Var } from "../src/autodiff/index.ts";
import { lgamma } from "../src/autodiff/special.ts";
import { coinFlipSvi, data, guidePosterior } from "./coin-flip.ts";
import { consume } from "./harness.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error("bench/memory.ts needs a forced GC: run it as `node --expose-gc --import tsx bench/memory.ts`.");
  process.exit(2);
}
const smoke = process.argv.includes("--smoke");
const checkpoints = smoke ? [1e3, 1e4] : [1e4, 1e5, 1e6];
const WARMUP = 1000;

/** heapUsed after two full collections (the second catches what finalizers of the first released). */
function heapAfterGc(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/** One checkpoint; `seconds` is the time since the previous one, so JIT warm-up stays in the first row. */
interface Sample { iterations: number; heapUsed: number; growth: number; seconds: number }

/** Run `step` WARMUP times, take the baseline, then sample the heap at each checkpoint. */
function track(step: () => void): { baseline: number; samples: Sample[] } {
  for (let i = 0; i < WARMUP; i++) step();
  const baseline = heapAfterGc();
  const samples: Sample[] = [];
  let done = 0;
  for (const n of checkpoints) {
    const t0 = process.hrtime.bigint();
    for (; done < n; done++) step();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9; // before the GC, so it times the work only
    const heapUsed = heapAfterGc();
    samples.push({ iterations: n, heapUsed, growth: heapUsed - baseline, seconds });
  }
  return { baseline, samples };
}

const rows: string[] = [];
function report(workload: string, r: { baseline: number; samples: Sample[] }): void {
  rows.push(`| ${workload} | ${WARMUP} (warm-up) | ${r.baseline} | 0 | | |`);
  let prev = { iterations: 0, growth: 0 };
  for (const s of r.samples) {
    const n = s.iterations - prev.iterations;
    rows.push(`| ${workload} | ${s.iterations.toExponential(0)} | ${s.heapUsed} | ${s.growth} | ` +
      `${((s.growth - prev.growth) / n).toFixed(3)} | ${((s.seconds * 1e9) / n).toFixed(0)} |`);
    prev = s;
  }
}

// 1. The grad.ts example: one tape, rewound on every call.
const f = valueAndGrad((x: Var, y: Var) => add(mul(x, y), lgamma(x)));
report("valueAndGrad(x·y + lgamma(x))(2, 3)", track(() => consume(f(2, 3))));

// 2. The README coin flip: one SVI run taking every step.
const svi = coinFlipSvi(0);
report("coin-flip SVI step", track(() => consume(svi.step(data))));
const landed = guidePosterior(svi);

console.log("| workload | iterations after warm-up | heapUsed (bytes) | growth since warm-up (bytes) | bytes / iteration since previous row | ns / iteration since previous row |");
console.log("|---|---:|---:|---:|---:|---:|");
console.log(rows.join("\n"));
console.log(`\ncoin flip after ${svi.steps} steps: alpha_q = ${landed.alpha.toFixed(3)}, beta_q = ${landed.beta.toFixed(3)} ` +
  `(posterior mean ${landed.mean.toFixed(4)}, sd ${landed.sd.toFixed(4)})`);
console.log(`node ${process.version}, ${process.platform}-${process.arch}${smoke ? " (smoke pass)" : ""}`);
