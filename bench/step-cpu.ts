// The coin-flip SVI step's CPU time, for A/B comparisons of two checkouts on a shared machine: CPU time rather than
// wall time, the best of 15 slices of 20,000 warm steps. Alternate the two sides several times and compare minima
// (V8 settles into one of two modes per process; bench/svi.bench.ts explains).
//   node --import tsx/esm bench/step-cpu.ts [checkout directory, default: this one]
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const dir = resolve(process.argv[2] ?? ".");
const { coinFlipSvi, data } = (await import(pathToFileURL(`${dir}/bench/coin-flip.ts`).href)) as typeof import("./coin-flip.ts");
const svi = coinFlipSvi(0);
for (let i = 0; i < 30000; i++) svi.step(data);
let best = Infinity;
for (let k = 0; k < 15; k++) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < 20000; i++) svi.step(data);
  const t = process.cpuUsage(t0);
  best = Math.min(best, ((t.user + t.system) * 1000) / 20000);
}
console.log(`${dir}: ${best.toFixed(0)} ns of CPU per step (best of 15 slices of 20,000 steps)`);
