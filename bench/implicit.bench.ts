// Benchmarks of the incomplete gamma / beta kernels and the implicit reparameterization gradients built on them
// (src/special/gammainc.ts, betainc.ts, gamma-grad.ts, beta-grad.ts). Run: npx tsx bench/index.ts --filter implicit
// Inputs are precomputed, deterministic grids of 1000 points: parameters log-uniform, samples at uniform quantiles.
import { consume, type Case } from "./harness.ts";
import { gammainc } from "../src/special/gammainc.ts";
import { betainc } from "../src/special/betainc.ts";
import { standardGammaGrad } from "../src/special/gamma-grad.ts";
import { betaSampleGrad, betaSampleGradInto } from "../src/special/beta-grad.ts";

const N = 1000;

/** Deterministic uniforms in (0, 1): a 32-bit LCG (Numerical Recipes constants), no Math.random. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

const logUniform = (u: number, lo: number, hi: number): number => Math.exp(Math.log(lo) + u * Math.log(hi / lo));

/** Crude inverse of an increasing CDF by bisection on [lo, hi] (setup only; accuracy is irrelevant here). */
function invert(cdf: (x: number) => number, q: number, lo: number, hi: number, geometric: boolean): number {
  for (let i = 0; i < 200; i++) {
    const mid = geometric && lo > 0 ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
    if (cdf(mid) < q) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** alpha log-uniform in [1e-3, 1e4], x at a uniform quantile of Gamma(alpha, 1). */
export function gammaGrid(): { alpha: Float64Array; x: Float64Array } {
  const u = lcg(12345);
  const alpha = new Float64Array(N), x = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const a = logUniform(u(), 1e-3, 1e4);
    const q = u();
    alpha[i] = a;
    // search in log x: quantiles of small alpha sit near 1e-300
    x[i] = Math.exp(invert((lx) => gammainc(a, Math.exp(lx)), q, -700, Math.log(a + 50 * Math.sqrt(a) + 50), false));
  }
  return { alpha, x };
}

/** a, b log-uniform in [0.1, 1000], z at a uniform quantile of Beta(a, b). */
export function betaGrid(): { a: Float64Array; b: Float64Array; z: Float64Array } {
  const u = lcg(67890);
  const a = new Float64Array(N), b = new Float64Array(N), z = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const ai = logUniform(u(), 0.1, 1000), bi = logUniform(u(), 0.1, 1000), q = u();
    a[i] = ai; b[i] = bi;
    z[i] = invert((t) => betainc(ai, bi, t), q, 0, 1, false);
  }
  return { a, b, z };
}

export function cases(smoke: boolean): Case[] {
  void smoke; // the grids are cheap to build; smoke runs use the same ones
  const g = gammaGrid();
  const bg = betaGrid();
  const out = new Float64Array(2);
  return [
    {
      group: "implicit", name: "gammainc", perCall: N, unit: "call",
      fn: () => { let s = 0; for (let i = 0; i < N; i++) s += gammainc(g.alpha[i]!, g.x[i]!); consume(s); },
    },
    {
      group: "implicit", name: "standardGammaGrad", perCall: N, unit: "call",
      fn: () => { let s = 0; for (let i = 0; i < N; i++) s += standardGammaGrad(g.alpha[i]!, g.x[i]!); consume(s); },
    },
    {
      group: "implicit", name: "betainc", perCall: N, unit: "call",
      fn: () => { let s = 0; for (let i = 0; i < N; i++) s += betainc(bg.a[i]!, bg.b[i]!, bg.z[i]!); consume(s); },
    },
    {
      group: "implicit", name: "betaSampleGrad", perCall: N, unit: "call",
      fn: () => {
        let s = 0;
        for (let i = 0; i < N; i++) { betaSampleGradInto(out, bg.z[i]!, bg.a[i]!, bg.b[i]!); s += out[0]! + out[1]!; }
        consume(s);
      },
    },
    {
      group: "implicit", name: "betaSampleGrad (allocating)", perCall: N, unit: "call",
      fn: () => { let s = 0; for (let i = 0; i < N; i++) s += betaSampleGrad(bg.z[i]!, bg.a[i]!, bg.b[i]!)[0]; consume(s); },
    },
  ];
}
