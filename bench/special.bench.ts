// Cost of the gamma-family kernels (src/special) per call, over arguments spread log-uniformly on [1e-3, 1e3]
// so every interval of each approximation is visited in a realistic mix (betainc: a, b from the same points, x in
// (0, 1)). Run: npx tsx bench/index.ts --filter special
import { consume, type Case } from "./harness.ts";
import { betainc, digamma, lgamma, trigamma } from "../src/special/index.ts";

/** 1000 points log-uniform on [1e-3, 1e3], from a fixed 32-bit LCG (Numerical Recipes' a, c) so runs compare. */
function logUniformPoints(n: number): Float64Array {
  const xs = new Float64Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    xs[i] = Math.exp(Math.log(1e-3) + (s / 2 ** 32) * Math.log(1e6));
  }
  return xs;
}

/** One case per kernel; `smoke` is ignored (the harness shortens the run), the inputs are already small. */
export function cases(_smoke: boolean): Case[] {
  const xs = logUniformPoints(1000);
  const over = (f: (x: number) => number) => (): void => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += f(xs[i]!);
    consume(s);
  };
  const ws = xs.map((x) => x / (1 + x)); // in (0, 1), for betainc
  const overBeta = (f: (a: number, b: number, x: number) => number) => (): void => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += f(xs[i]!, xs[(i + 1) % xs.length]!, ws[(i + 2) % xs.length]!);
    consume(s);
  };
  return [
    { group: "special", name: "lgamma", fn: over(lgamma), perCall: xs.length, unit: "call" },
    { group: "special", name: "digamma", fn: over(digamma), perCall: xs.length, unit: "call" },
    { group: "special", name: "trigamma", fn: over(trigamma), perCall: xs.length, unit: "call" },
    { group: "special", name: "betainc", fn: overBeta(betainc), perCall: xs.length, unit: "call" },
  ];
}
