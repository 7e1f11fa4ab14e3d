// Shared by the continuous distributions' tests (test/distributions/{normal,log-normal,half-normal,exponential,
// uniform,dirichlet}.test.ts): log-densities against test/fixtures/continuous.json (scripts/fixtures_continuous.py),
// and the Monte Carlo check of a reparameterization gradient, d/dθ E[f(z)] = E[df(z)/dθ].
import * as assert from "uvu/assert";
import { Tape, type Scalar, type Value } from "../../src/autodiff/index.ts";
import type { Distribution } from "../../src/distributions/index.ts";
import { createRng } from "../../src/random/index.ts";
import { readFixture } from "./accuracy.ts";
import { meanSe } from "./stats.ts";

const EPS = 2 ** -53;

/** One section of continuous.json: parameters by name, points, reference log-densities and rounding scales. */
export interface Section<X = number> { params: Record<string, (number | number[])[]>; x: X[]; logProb: number[]; scale: number[] }

const table = readFixture(new URL("../fixtures/continuous.json", import.meta.url)) as Record<string, unknown>;

/** The named section of continuous.json. */
export const fixture = <T>(name: string): T => table[name] as T;

/**
 * Assert that make(params).logProb(x) matches every row of the section to 1e-13 relative or, where the terms cancel
 * so that relative error means nothing, to `ulps` ulps of the row's `scale` (Σ|terms| plus the amplified rounding of
 * intermediates: scripts/fixtures_continuous.py); infinite references exactly. Returns how many rows needed the
 * scale bound, so a test can state it.
 */
export function checkLogProb<X extends number | number[]>(
  name: string, make: (p: Record<string, Value>) => Distribution, toX: (x: X) => Value = (x) => x as Value, ulps = 8,
): number {
  const f = fixture<Section<X>>(name), ns = Object.keys(f.params);
  assert.ok(f.x.length > 20, `${name}: fixture has ${f.x.length} rows`);
  let byScale = 0;
  for (let i = 0; i < f.x.length; i++) {
    const p = Object.fromEntries(ns.map((n) => {
      const v = f.params[n]![i]!;
      return [n, typeof v === "number" ? v : Float64Array.from(v)];
    }));
    const got = make(p).logProb(toX(f.x[i]!)) as number, ref = f.logProb[i]!;
    const what = `${name}(${ns.map((n) => String(f.params[n]![i])).join(", ")}).logProb(${f.x[i]}) = ${got}, fixture ${ref}`;
    if (!Number.isFinite(ref)) {
      assert.is(got, ref, what);
      continue;
    }
    const err = Math.abs(got - ref);
    if (err <= 1e-13 * Math.abs(ref)) continue;
    assert.ok(err <= ulps * EPS * f.scale[i]!, `${what}: error ${err}, scale ${f.scale[i]}`);
    byScale++;
  }
  return byScale;
}

/**
 * E[∂f(z)/∂θ] over n reparameterized draws z = make(θ).rsample(rng) (θ as tape nodes), one mean ± standard error per
 * parameter, in the order of `params`: d/dθ E[f(z)] estimated by the pathwise gradient.
 */
export function pathwiseGradient(
  make: (p: Record<string, Value>) => Distribution, params: Record<string, number | Float64Array>, f: (z: Value) => Scalar,
  n: number, seed: number,
): { mean: number; se: number }[][] {
  const rng = createRng(seed), names = Object.keys(params), tape = new Tape();
  const samples = names.map((k) => {
    const v = params[k]!;
    return Array.from({ length: typeof v === "number" ? 1 : v.length }, () => new Float64Array(n));
  });
  for (let i = 0; i < n; i++) {
    tape.rewind();
    const nodes = Object.fromEntries(names.map((k) => [k, tape.variable(params[k]!)]));
    const y = f(make(nodes).rsample(rng));
    if (typeof y === "number") throw new Error("f(z) does not depend on the parameters");
    tape.backward(y);
    names.forEach((k, j) => {
      const g = tape.gradOf(nodes[k]!);
      samples[j]!.forEach((s, e) => (s[i] = typeof g === "number" ? g : g[e]!));
    });
  }
  return samples.map((per) => per.map(meanSe));
}

/** Assert that an estimate lies within `k` standard errors of the closed form (k = 5: a false alarm ~6e-7). */
export function within(est: { mean: number; se: number }, exact: number, what: string, k = 5): void {
  assert.ok(Math.abs(est.mean - exact) <= k * est.se, `${what}: ${est.mean} ± ${est.se}, closed form ${exact}`);
}
