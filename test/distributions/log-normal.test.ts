// LogNormal (src/distributions/log-normal.ts): log-densities against 40-digit references, the sampler by KS, the
// reparameterization gradient as d/dθ E[f(x)] against closed forms, batching, parameter checks.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, Vec, square, valueOf, type Scalar, type Value, type Var } from "../../src/autodiff/index.ts";
import { LogNormal } from "../../src/distributions/index.ts";
import { createRng } from "../../src/random/index.ts";
import { checkGrad } from "../helpers/check-grad.ts";
import { checkLogProb, pathwiseGradient, within } from "../helpers/continuous.ts";
import { ksCritical, ksStatistic, normalCdf } from "../helpers/ks.ts";

const make = (p: Record<string, Value>) => new LogNormal(p.loc!, p.scale!);

test("logProb matches the 40-digit fixture to 1e-13 relative (8 ulps of the rounding scale, which counts log x's rounding amplified by |z|/σ)", () => {
  checkLogProb("logNormal", make);
});

test("logProb is differentiable in loc, scale and x (central differences)", () => {
  for (const [m, s, x] of [[0, 1, 0.3], [-2, 0.1, 0.14], [3, 2, 100]] as const) {
    checkGrad((a, b, c) => new LogNormal(a as Var, b as Var).logProb(c as Var) as Var, [m, s, x]);
  }
});

test("mean and variance: exp(μ + σ²/2) and expm1(σ²)·exp(2μ + σ²), elementwise for a batch", () => {
  const d = new LogNormal(Float64Array.of(0, 1), Float64Array.of(1e-9, 0.5));
  const m = valueOf(d.mean) as Float64Array, v = valueOf(d.variance) as Float64Array;
  assert.ok(Math.abs(m[0]! - 1) <= 2 ** -52 && Math.abs(m[1]! - Math.exp(1.125)) <= 4e-16 * m[1]!);
  // σ = 1e-9: σ² = 1e-18 survives expm1, where exp(σ²) - 1 would be 0.
  assert.ok(Math.abs(v[0]! - 1e-18) <= 1e-30, `${v[0]}`);
  assert.ok(Math.abs(v[1]! - Math.expm1(0.25) * Math.exp(2.25)) <= 4e-16 * v[1]!);
});

test("sample passes a KS test against Φ((log x - μ)/σ) (n = 20000, level 0.001) and stays in (0, ∞)", () => {
  for (const [k, [m, s]] of [[0, 1], [-3, 0.01], [5, 4]].entries()) {
    const d = new LogNormal(m!, s!), rng = createRng(31 + k), n = 20_000;
    const xs = Float64Array.from({ length: n }, () => d.sample(rng));
    assert.ok(xs.every((x) => x > 0 && x < Infinity));
    const D = ksStatistic(xs, (x) => normalCdf((Math.log(x) - m!) / s!));
    assert.ok(D <= ksCritical(n), `LogNormal(${m}, ${s}): D = ${D}`);
  }
});

test("rsample of a batch with node parameters is one vector node; plain parameters give a Float64Array", () => {
  const t = new Tape(), z = new LogNormal(t.variable(Float64Array.of(0, 1, 2)), 1).rsample(createRng(1));
  assert.ok(z instanceof Vec && z.value.length === 3);
  assert.ok(new LogNormal(Float64Array.of(0, 1), 1).rsample(createRng(1)) instanceof Float64Array);
});

test("d/dθ E[x] = (E[x], σE[x]) and d/dθ E[x²] = (2E[x²], 4σE[x²]) by the pathwise gradient (20000 draws, 5 standard errors)", () => {
  const p = { loc: 0.3, scale: 0.6 }, n = 20_000;
  const e1 = Math.exp(p.loc + p.scale ** 2 / 2), e2 = Math.exp(2 * p.loc + 2 * p.scale ** 2);
  const [[dl], [ds]] = pathwiseGradient(make, p, (x) => x as Scalar, n, 41);
  within(dl!, e1, "d/dμ E[x]");
  within(ds!, p.scale * e1, "d/dσ E[x]");
  const [[dl2], [ds2]] = pathwiseGradient(make, p, (x) => square(x) as Scalar, n, 42);
  within(dl2!, 2 * e2, "d/dμ E[x²]");
  within(ds2!, 4 * p.scale * e2, "d/dσ E[x²]");
});

test("parameters of the wrong type are TypeErrors, bad values RangeErrors naming the parameter; logProb rejects x <= 0", () => {
  assert.throws(() => new LogNormal("0" as never, 1), (e: Error) => e instanceof TypeError && /loc/.test(e.message));
  for (const s of [0, -1, Infinity, NaN]) assert.throws(() => new LogNormal(0, s), (e: Error) => e instanceof RangeError && /scale/.test(e.message));
  assert.throws(() => new LogNormal(NaN, 1), (e: Error) => e instanceof RangeError && /loc/.test(e.message));
  for (const x of [0, -1, NaN, Infinity]) assert.throws(() => new LogNormal(0, 1).logProb(x), RangeError);
  assert.throws(() => new LogNormal(Float64Array.of(0, 1), Float64Array.of(1, 2, 3)), RangeError);
});

test.run();
