// HalfNormal (src/distributions/half-normal.ts): log-densities against 40-digit references, the sampler by KS, the
// reparameterization gradient as d/dσ E[f(x)] against closed forms, batching, parameter checks.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, Vec, square, valueOf, type Scalar, type Value, type Var } from "../../src/autodiff/index.ts";
import { HalfNormal } from "../../src/distributions/index.ts";
import { createRng } from "../../src/random/index.ts";
import { checkGrad } from "../helpers/check-grad.ts";
import { checkLogProb, pathwiseGradient, within } from "../helpers/continuous.ts";
import { ksCritical, ksStatistic, normalCdf } from "../helpers/ks.ts";

const make = (p: Record<string, Value>) => new HalfNormal(p.scale!);

test("logProb matches the 40-digit fixture to 1e-13 relative (8 ulps of Σ|terms| where they cancel), -∞ past the double range", () => {
  checkLogProb("halfNormal", make);
});

test("logProb is differentiable in scale and x (central differences)", () => {
  for (const [s, x] of [[1, 0.3], [0.1, 0.25], [30, 100]] as const) {
    checkGrad((a, b) => new HalfNormal(a as Var).logProb(b as Var) as Var, [s, x]);
  }
});

test("mean σ√(2/π) and variance σ²(1 - 2/π), elementwise for a batch", () => {
  const d = new HalfNormal(Float64Array.of(1, 3));
  const m = valueOf(d.mean) as Float64Array, v = valueOf(d.variance) as Float64Array;
  assert.ok(Math.abs(m[1]! - 3 * Math.sqrt(2 / Math.PI)) <= 4e-16 * m[1]!);
  assert.ok(Math.abs(v[1]! - 9 * (1 - 2 / Math.PI)) <= 4e-16 * v[1]!);
  assert.equal(d.batchShape, [2]);
});

test("sample passes a KS test against 2Φ(x/σ) - 1 (n = 20000, level 0.001) and is never negative", () => {
  for (const [k, s] of [1, 0.01, 250].entries()) {
    const d = new HalfNormal(s), rng = createRng(51 + k), n = 20_000;
    const xs = Float64Array.from({ length: n }, () => d.sample(rng));
    assert.ok(xs.every((x) => x > 0));
    const D = ksStatistic(xs, (x) => 2 * normalCdf(x / s) - 1);
    assert.ok(D <= ksCritical(n), `HalfNormal(${s}): D = ${D}`);
  }
});

test("rsample of a batch with a node scale is one vector node; a plain scale gives a Float64Array", () => {
  const t = new Tape(), z = new HalfNormal(t.variable(Float64Array.of(1, 2, 3))).rsample(createRng(1));
  assert.ok(z instanceof Vec && z.value.length === 3);
  assert.ok(new HalfNormal(Float64Array.of(1, 2)).rsample(createRng(1)) instanceof Float64Array);
});

test("d/dσ E[x] = √(2/π) and d/dσ E[x²] = 2σ by the pathwise gradient (8000 draws, 5 standard errors)", () => {
  const p = { scale: 1.7 }, n = 8000;
  const [[d1]] = pathwiseGradient(make, p, (x) => x as Scalar, n, 61);
  within(d1!, Math.sqrt(2 / Math.PI), "d/dσ E[x]");
  const [[d2]] = pathwiseGradient(make, p, (x) => square(x) as Scalar, n, 62);
  within(d2!, 2 * p.scale, "d/dσ E[x²]");
});

test("a scale of the wrong type is a TypeError, a bad value a RangeError naming it; logProb rejects x < 0", () => {
  assert.throws(() => new HalfNormal([1] as never), (e: Error) => e instanceof TypeError && /scale/.test(e.message));
  for (const s of [0, -1, Infinity, NaN]) assert.throws(() => new HalfNormal(s), (e: Error) => e instanceof RangeError && /scale/.test(e.message));
  for (const x of [-1e-300, -1, NaN, Infinity]) assert.throws(() => new HalfNormal(1).logProb(x), RangeError);
  // x = 0 is in the support: log(√(2/π)/σ) = -0.91893853320467274178 for σ = 2 (mpmath).
  assert.ok(Math.abs((new HalfNormal(2).logProb(0) as number) + 0.91893853320467274178) <= 4e-16);
});

test.run();
