// Exponential (src/distributions/exponential.ts) and its sampler (src/random/exponential.ts): log-densities against
// 40-digit references, KS, draws never 0 or ∞ at extreme rates, the pathwise gradient against closed forms.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, Vec, square, valueOf, type Scalar, type Value, type Var } from "../../src/autodiff/index.ts";
import { Exponential } from "../../src/distributions/index.ts";
import { createRng, exponential, standardExponential } from "../../src/random/index.ts";
import { checkGrad } from "../helpers/check-grad.ts";
import { checkLogProb, pathwiseGradient, within } from "../helpers/continuous.ts";
import { ksCritical, ksStatistic } from "../helpers/ks.ts";

const make = (p: Record<string, Value>) => new Exponential(p.rate!);

test("logProb matches the 40-digit fixture to 1e-13 relative (8 ulps of Σ|terms| where log λ and λx cancel)", () => {
  checkLogProb("exponential", make);
});

test("logProb is differentiable in rate and x (central differences)", () => {
  for (const [r, x] of [[1, 0.3], [0.01, 250], [40, 1e-3]] as const) {
    checkGrad((a, b) => new Exponential(a as Var).logProb(b as Var) as Var, [r, x]);
  }
});

test("sample passes a KS test against 1 - e^(-λx) (n = 20000, level 0.001)", () => {
  for (const [k, r] of [1, 1e-3, 500].entries()) {
    const d = new Exponential(r), rng = createRng(71 + k), n = 20_000;
    const xs = Float64Array.from({ length: n }, () => d.sample(rng));
    const D = ksStatistic(xs, (x) => -Math.expm1(-r * x));
    assert.ok(D <= ksCritical(n), `Exponential(${r}): D = ${D}`);
  }
});

test("standardExponential lies in [1.1e-16, 36.8] (never 0, never ∞), so rates in [2e-307, 2e307] give finite positive draws", () => {
  const rng = createRng(3);
  for (let i = 0; i < 100_000; i++) {
    const e = standardExponential(rng);
    assert.ok(e >= 2 ** -53 && e <= 53 * Math.LN2, `${e}`);
  }
  for (const r of [2e-307, 1e-300, 1, 1e300, 2e307]) {
    const d = new Exponential(r), rng2 = createRng(4);
    for (let i = 0; i < 10_000; i++) {
      const x = d.sample(rng2);
      assert.ok(x > 0 && x < Infinity, `rate ${r}: ${x}`);
    }
  }
  assert.throws(() => exponential(rng, 0), RangeError);
});

test("mean 1/λ, variance 1/λ²; a batch's rsample with a node rate is one vector node", () => {
  const d = new Exponential(Float64Array.of(2, 4));
  assert.equal(valueOf(d.mean), Float64Array.of(0.5, 0.25));
  assert.equal(valueOf(d.variance), Float64Array.of(0.25, 0.0625));
  const t = new Tape(), z = new Exponential(t.variable(Float64Array.of(1, 2, 3))).rsample(createRng(1));
  assert.ok(z instanceof Vec && z.value.length === 3);
});

test("d/dλ E[x] = -1/λ² and d/dλ E[x²] = -4/λ³ by the pathwise gradient (20000 draws, 5 standard errors)", () => {
  const p = { rate: 1.6 }, n = 20_000;
  const [[d1]] = pathwiseGradient(make, p, (x) => x as Scalar, n, 81);
  within(d1!, -1 / p.rate ** 2, "d/dλ E[x]");
  const [[d2]] = pathwiseGradient(make, p, (x) => square(x) as Scalar, n, 82);
  within(d2!, -4 / p.rate ** 3, "d/dλ E[x²]");
});

test("a rate of the wrong type is a TypeError, a bad value a RangeError naming it; logProb rejects x < 0", () => {
  assert.throws(() => new Exponential("2" as never), (e: Error) => e instanceof TypeError && /rate/.test(e.message));
  for (const r of [0, -1, Infinity, NaN]) assert.throws(() => new Exponential(r), (e: Error) => e instanceof RangeError && /rate/.test(e.message));
  assert.throws(() => new Exponential(Float64Array.of(1, -2)), (e: Error) => e instanceof RangeError && /rate\[1\]/.test(e.message));
  for (const x of [-1e-300, NaN, Infinity]) assert.throws(() => new Exponential(1).logProb(x), RangeError);
});

test.run();
