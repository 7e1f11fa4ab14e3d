// Normal (src/distributions/normal.ts): log-densities against 40-digit references, the sampler by KS, the
// reparameterization gradient as d/dθ E[f(z)] against closed forms, batching and broadcasting, parameter checks.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, Vec, Var, square as sqr, sum, valueOf, type Scalar, type Value } from "../../src/autodiff/index.ts";
import { Normal } from "../../src/distributions/index.ts";
import { createRng } from "../../src/random/index.ts";
import { checkGrad } from "../helpers/check-grad.ts";
import { checkLogProb, pathwiseGradient, within } from "../helpers/continuous.ts";
import { ksCritical, ksStatistic, normalCdf } from "../helpers/ks.ts";

const make = (p: Record<string, Value>) => new Normal(p.loc!, p.scale!);

test("logProb matches the 40-digit fixture to 1e-13 relative (8 ulps of Σ|terms| where they cancel), -∞ past the double range", () => {
  checkLogProb("normal", make);
});

test("logProb is differentiable in loc, scale and x (central differences)", () => {
  for (const [m, s, x] of [[0, 1, 0.3], [-2, 0.1, -2.05], [5, 30, -40]] as const) {
    checkGrad((a, b, c) => new Normal(a as Var, b as Var).logProb(c as Var) as Var, [m, s, x]);
  }
});

test("logProb of a Float64Array is elementwise; vector parameters broadcast against a scalar x; logProbSum is the sum", () => {
  const xs = Float64Array.of(-1, 0.5, 3);
  const d = new Normal(0.2, 1.5), lp = d.logProb(xs) as Float64Array;
  xs.forEach((x, i) => assert.is(lp[i], d.logProb(x)));
  assert.is(d.logProbSum(xs), lp[0]! + lp[1]! + lp[2]!);
  const b = new Normal(Float64Array.of(0, 1, 2), 2), lb = b.logProb(0.5) as Float64Array;
  assert.equal(b.batchShape, [3]);
  [0, 1, 2].forEach((m, i) => assert.is(lb[i], new Normal(m, 2).logProb(0.5)));
  assert.equal(valueOf(b.mean), Float64Array.of(0, 1, 2));
  assert.equal(valueOf(b.variance), Float64Array.of(4, 4, 4));
  assert.equal(valueOf(new Normal(1, Float64Array.of(1, 3)).mean), Float64Array.of(1, 1));
});

test("sample passes a KS test against N(loc, scale²) (n = 20000, level 0.001) for several parameters", () => {
  for (const [k, [m, s]] of [[0, 1], [-3, 0.01], [1e4, 250]].entries()) {
    const d = new Normal(m!, s!), rng = createRng(11 + k), n = 20_000;
    const xs = Float64Array.from({ length: n }, () => d.sample(rng));
    const D = ksStatistic(xs, (x) => normalCdf((x - m!) / s!));
    assert.ok(D <= ksCritical(n), `Normal(${m}, ${s}): D = ${D}`);
  }
});

test("a batch's sample has one independent N(loc_i, scale_i²) per element (KS on the standardized draws)", () => {
  const loc = Float64Array.of(-5, 0, 7), scale = Float64Array.of(0.5, 1, 20), d = new Normal(loc, scale);
  const rng = createRng(5), n = 10_000, per = [0, 1, 2].map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const x = d.sample(rng);
    per.forEach((p, k) => (p[i] = (x[k]! - loc[k]!) / scale[k]!));
  }
  for (const p of per) assert.ok(ksStatistic(p, normalCdf) <= ksCritical(n));
});

test("rsample of a batch with node parameters is one vector node on their tape (a scalar draw one scalar node); plain parameters give plain values", () => {
  const t = new Tape(), loc = t.variable(Float64Array.of(0, 1, 2, 3)), scale = t.variable(2), before = t.size;
  const z = new Normal(loc, scale).rsample(createRng(1));
  assert.ok(z instanceof Vec && z.tape === t && z.value.length === 4);
  assert.is(t.size, before + 1, "one node for the whole batch");
  const s = new Normal(t.variable(0.5), t.variable(2)), at = t.size;
  assert.ok(s.rsample(createRng(1)) instanceof Var && t.size === at + 1, "one node for a scalar draw");
  assert.ok(new Normal(Float64Array.of(0, 1), 1).rsample(createRng(1)) instanceof Float64Array);
  assert.is(typeof new Normal(0, 1).rsample(createRng(1)), "number");
  // sample is rsample's value with the same stream.
  assert.equal(new Normal(loc, scale).sample(createRng(9)), valueOf(new Normal(loc, scale).rsample(createRng(9))));
});

test("d/dθ E[z] = (1, 0) and d/dθ E[z²] = (2μ, 2σ) by the pathwise gradient (4000 draws, within 5 standard errors)", () => {
  const p = { loc: 0.7, scale: 1.8 }, n = 4000;
  const [[dl], [ds]] = pathwiseGradient(make, p, (z) => z as Scalar, n, 21);
  assert.is(dl!.mean, 1);
  within(ds!, 0, "d/dσ E[z]");
  const [[dl2], [ds2]] = pathwiseGradient(make, p, (z) => sqr(z) as Scalar, n, 22);
  within(dl2!, 2 * p.loc, "d/dμ E[z²]");
  within(ds2!, 2 * p.scale, "d/dσ E[z²]");
});

test("the pathwise gradient of a batch: d/dσ_i E[Σ z_i²] = 2σ_i (2000 draws, 5 standard errors)", () => {
  const p = { loc: Float64Array.of(-1, 2), scale: Float64Array.of(0.5, 3) };
  const [, [s0, s1]] = pathwiseGradient(make, p, (z) => sum(sqr(z as Vec) as Vec), 2000, 23);
  within(s0!, 1, "σ_0");
  within(s1!, 6, "σ_1");
});

test("parameters of the wrong type are TypeErrors, bad values RangeErrors naming the parameter or element", () => {
  for (const bad of ["1", [1, 2], null, undefined, {}]) {
    assert.throws(() => new Normal(bad as never, 1), (e: Error) => e instanceof TypeError && /loc/.test(e.message));
    assert.throws(() => new Normal(0, bad as never), (e: Error) => e instanceof TypeError && /scale/.test(e.message));
  }
  for (const s of [0, -0, -1, Infinity, NaN]) assert.throws(() => new Normal(0, s), (e: Error) => e instanceof RangeError && /scale/.test(e.message));
  for (const m of [Infinity, -Infinity, NaN]) assert.throws(() => new Normal(m, 1), (e: Error) => e instanceof RangeError && /loc/.test(e.message));
  assert.throws(() => new Normal(0, Float64Array.of(1, 0)), (e: Error) => e instanceof RangeError && /scale\[1\]/.test(e.message));
  assert.throws(() => new Normal(Float64Array.of(0, 1), Float64Array.of(1, 2, 3)), (e: Error) => e instanceof RangeError && /scale/.test(e.message) && /loc/.test(e.message));
  assert.throws(() => new Normal(0, 1).logProb(NaN), RangeError);
});

test("detach keeps the values and drops the nodes", () => {
  const t = new Tape(), d = new Normal(t.variable(1), t.variable(2)).detach() as Normal<number, number>;
  assert.is(d.loc, 1);
  assert.is(d.scale, 2);
});

test.run();
