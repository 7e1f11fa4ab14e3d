// Throughput of the random layer (src/random): uniforms, ziggurat normals, Marsaglia-Tsang gammas over six
// decades of alpha, and log-space betas. Run: npx tsx bench/index.ts --filter random. Harness: bench/harness.ts.
import { consume, type Case } from "./harness.ts";
import { betaInto, createRng, standardGamma, standardNormal } from "../src/random/index.ts";

const PER_CALL = 1000;

/** PER_CALL values log-uniform on [lo, hi], from a fixed seed so every run times the same parameters. */
function logUniform(seed: number, lo: number, hi: number): Float64Array {
  const rng = createRng(seed);
  const a = Math.log(lo);
  const b = Math.log(hi);
  return Float64Array.from({ length: PER_CALL }, () => Math.exp(a + (b - a) * rng.uniform()));
}

export function cases(_smoke: boolean): Case[] {
  const rng = createRng(1);
  const alphas = logUniform(2, 1e-3, 1e3);
  const as = logUniform(3, 0.1, 1000);
  const bs = logUniform(4, 0.1, 1000);
  const out = new Float64Array(3);
  const common = { group: "random", perCall: PER_CALL, unit: "draw" } as const;
  return [
    {
      ...common,
      name: "uniform",
      fn: () => {
        let s = 0;
        for (let i = 0; i < PER_CALL; i++) s += rng.uniform();
        consume(s);
      },
    },
    {
      ...common,
      name: "standardNormal (ziggurat)",
      fn: () => {
        let s = 0;
        for (let i = 0; i < PER_CALL; i++) s += standardNormal(rng);
        consume(s);
      },
    },
    {
      ...common,
      name: "standardGamma, alpha log-uniform in [1e-3, 1e3]",
      fn: () => {
        let s = 0;
        for (let i = 0; i < PER_CALL; i++) s += standardGamma(rng, alphas[i]!);
        consume(s);
      },
    },
    {
      ...common,
      name: "betaInto, a and b log-uniform in [0.1, 1000]",
      fn: () => {
        let s = 0;
        for (let i = 0; i < PER_CALL; i++) {
          betaInto(out, rng, as[i]!, bs[i]!);
          s += out[0]!;
        }
        consume(s);
      },
    },
  ];
}
