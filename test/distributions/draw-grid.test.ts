// Issue 13's grid: the gradient of logProb(rsample) for Beta and Gamma is finite for concentrations over
// [1e-6, 1e6]^2 and rates over [1e-6, 1e6], and right where a reference exists; here for batches (Float64Array and
// vector-node parameters, a scalar node broadcast), whose own-draw logProb works from each draw's exact logs as the
// scalar path does (beta.test.ts and gamma.test.ts hold the scalar path's grid). Two steps: (1) the per-element
// kernels that the batch path runs, betaLogProbAtDraw and gammaLogProbAtDraw, against mpmath's total derivative at
// the u-quantile draws of test/fixtures/draw-grid.json (scripts/fixtures_draw_grid.py); (2) the batch path itself
// on random draws: finite everywhere, and element by element the same numbers as the scalar path at the same draws.
// Dirichlet, which normalizes Gammas, is held to finiteness and to its composed form where no component is held.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, sum, type Var, type Vec } from "../../src/autodiff/index.ts";
import { Beta, Dirichlet, Gamma } from "../../src/distributions/index.ts";
import { betaLogProbAtDraw } from "../../src/distributions/beta.ts";
import { betaSampleGradDigammaInto } from "../../src/special/beta-grad.ts";
import { gammaLogProbAtDraw } from "../../src/distributions/gamma.ts";
import { createRng, type Rng } from "../../src/random/index.ts";
import { betaSampleGradInto, standardGammaGrad } from "../../src/special/index.ts";
import { readFixture } from "../helpers/accuracy.ts";

interface Grid {
  beta: { rows: number[][]; skipped: unknown[][] };
  gamma: { rows: number[][]; skipped: unknown[][] };
}
const G = readFixture(new URL("../fixtures/draw-grid.json", import.meta.url)) as Grid;
const C = [1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6];

test("betaLogProbAtDraw matches mpmath's d/dθ log p(z(θ); θ) on the [1e-6, 1e6]^2 grid at u = 1e-6, 1/2, 1 - 1e-6, to 1e-8", () => {
  // The draw array as rsample builds it: z rounded as random/beta.ts rounds it, dz/dθ and the digamma differences
  // from the special layer; then again with the differences left to betaLogProbAtDraw (NaN), its fallback.
  const d = new Float64Array(10);
  let worst = 0, where = "";
  for (const [a, b, u, logZ, log1mZ, da, db] of G.beta.rows as number[][]) {
    const z = Math.min(Math.max(logZ! < -Math.LN2 ? Math.exp(logZ!) : -Math.expm1(log1mZ!), 5e-324), 1 - 2 ** -53);
    for (const own of [true, false]) {
      betaSampleGradDigammaInto(d, z, a!, b!, logZ, log1mZ);
      if (!own) d[2] = d[3] = NaN;
      d.set([z, logZ!, log1mZ!], 4);
      betaLogProbAtDraw(d, a!, b!, d);
      [da!, db!].forEach((ref, j) => {
        const got = d[8 + j]!, what = `Beta(${a}, ${b}) at u = ${u}${own ? "" : " (digammas by the fallback)"}, d/d${j ? "β" : "α"}`;
        assert.ok(Number.isFinite(got), `${what} = ${got}`);
        // Relative to max(|ref|, 1): where the derivative is far below 1 it is a cancellation of O(1) terms
        // (Beta(1e6, 1e-6) at u = 1/2: d/dα = 1e-6 from log z - ψ(α) + ψ(α + β) ~ 14 each).
        const err = Math.abs(got - ref) / Math.max(Math.abs(ref), 1);
        if (err > worst) [worst, where] = [err, `${what}: ${got} vs ${ref}`];
      });
    }
  }
  // Measured worst 1.6e-9, at Beta(1e6, 1e-4), u = 1e-6, d/dβ (-438.84390970 against mpmath's -438.84390900).
  assert.ok(worst <= 1e-8, `worst ${worst} at ${where}`);
  // 135 of the 147 rows: mpmath's betainc gives no reference where both parameters are >= 1e4 (checked for
  // finiteness and against the scalar path below).
  assert.ok(G.beta.rows.length >= 135, `${G.beta.rows.length} rows`);
});

test("gammaLogProbAtDraw matches mpmath's d/dα log p(x(α); α, λ) for α in [1e-6, 1e4] at u = 1e-6, 1/2, 1 - 1e-6, at every rate of the grid, to 1e-12", () => {
  const out = new Float64Array(3);
  let worst = 0, where = "";
  for (const [a, u, logG, ref] of G.gamma.rows as number[][]) {
    for (const rate of C) {
      const g = Math.exp(logG!), x = g / rate > 0 ? g / rate : Math.max(Math.exp(logG! - Math.log(rate)), Number.MIN_VALUE);
      gammaLogProbAtDraw(out, a!, rate, Float64Array.of(x, g, logG!, standardGammaGrad(a!, g)));
      assert.ok(Number.isFinite(out[0]!) && Number.isFinite(out[1]!), `Gamma(${a}, ${rate}) at u = ${u}: ${out[0]}, ${out[1]}`);
      assert.is(out[2], 1 / rate);
      const err = Math.abs(out[1]! - ref!) / Math.max(Math.abs(ref!), 1);
      if (err > worst) [worst, where] = [err, `Gamma(${a}, ${rate}) at u = ${u}: ${out[1]} vs ${ref}`];
    }
  }
  // Measured worst 3.5e-14 (Gamma(0.01, λ) at u = 1 - 1e-6); 18 rows (α = 1e6 has no mpmath reference) x 7 rates.
  assert.ok(worst <= 1e-12, `worst ${worst} at ${where}`);
});

/** Every (α, β) pair of the grid as two vectors of 49, and the same as a scalar pair (index i). */
const PAIRS = C.flatMap((a) => C.map((b) => [a, b] as const));
const A = Float64Array.from(PAIRS, ([a]) => a), B = Float64Array.from(PAIRS, ([, b]) => b);

/** logProb(rsample) of one batch, summed, and its gradient in both parameters (vector nodes). */
function batchRun(make: (a: Vec, b: Vec) => Beta<Vec, Vec> | Gamma<Vec, Vec>, rng: Rng): { values: Float64Array; ga: Float64Array; gb: Float64Array } {
  const t = new Tape(), a = t.variable(A.slice()), b = t.variable(B.slice());
  const d = make(a, b), lp = d.logProb(d.rsample(rng)) as Vec;
  t.backward(sum(lp) as Var);
  return { values: lp.value.slice(), ga: t.gradOf(a).slice(), gb: t.gradOf(b).slice() };
}

/** The same draws through the scalar path: element i from its own distribution, the generator shared in order. */
function scalarRun(make: (a: Var, b: Var) => Beta<Var, Var> | Gamma<Var, Var>, rng: Rng): { values: number[]; ga: number[]; gb: number[] } {
  const values: number[] = [], ga: number[] = [], gb: number[] = [];
  for (const [av, bv] of PAIRS) {
    const t = new Tape(), a = t.variable(av), b = t.variable(bv);
    const d = make(a, b), lp = d.logProb(d.rsample(rng)) as Var;
    t.backward(lp);
    values.push(lp.value);
    ga.push(t.gradOf(a));
    gb.push(t.gradOf(b));
  }
  return { values, ga, gb };
}

for (const [name, makeBatch, makeScalar] of [
  ["Beta", (a: Vec, b: Vec) => new Beta(a, b), (a: Var, b: Var) => new Beta(a, b)],
  ["Gamma", (a: Vec, b: Vec) => new Gamma(a, b), (a: Var, b: Var) => new Gamma(a, b)],
] as const) {
  test(`a batched ${name} over the whole grid: logProb(rsample) and its gradient are finite, and equal the scalar path's at the same draws`, () => {
    for (let s = 0; s < 10; s++) {
      const batch = batchRun(makeBatch as never, createRng(700 + s)), scalar = scalarRun(makeScalar as never, createRng(700 + s));
      PAIRS.forEach(([a, b], i) => {
        const got = [batch.values[i]!, batch.ga[i]!, batch.gb[i]!], want = [scalar.values[i]!, scalar.ga[i]!, scalar.gb[i]!];
        assert.ok(got.every(Number.isFinite), `${name}(${a}, ${b}), seed ${s}: ${got}`);
        assert.equal(got, want, `${name}(${a}, ${b}), seed ${s}`);
      });
    }
  });
}

test("a batched Beta with a broadcast scalar node: the scalar's gradient is the sum of the elements' (finite on the grid)", () => {
  for (const b of C) {
    const t = new Tape(), a = t.variable(Float64Array.from(C)), bn = t.variable(b);
    const d = new Beta(a, bn), lp = d.logProb(d.rsample(createRng(3))) as Vec;
    t.backward(sum(lp) as Var);
    const gb = t.gradOf(bn);
    let want = 0;
    const rng = createRng(3);
    for (const av of C) {
      const t2 = new Tape(), b2 = t2.variable(b), d2 = new Beta(av, b2), lp2 = d2.logProb(d2.rsample(rng)) as Var;
      t2.backward(lp2);
      want += t2.gradOf(b2);
    }
    assert.ok(Number.isFinite(gb) && t.gradOf(a).every(Number.isFinite), `β = ${b}: ${gb}`);
    assert.ok(Math.abs(gb - want) <= 1e-12 * Math.abs(want), `β = ${b}: ${gb} vs ${want}`);
  }
});

test("Dirichlet over the grid (K = 3): logProb(rsample) and its gradient are finite, and equal the composed form where no component is held at 2^-1022", () => {
  let compared = 0;
  for (const a1 of C) for (const a2 of C) for (let s = 0; s < 3; s++) {
    const alpha = Float64Array.of(a1, a2, 1);
    const run = (own: boolean): number[] => {
      const t = new Tape(), a = t.variable(alpha.slice()), d = new Dirichlet(a), z = d.rsample(createRng(40 + s));
      const lp = (own ? d.logProb(z) : new Dirichlet(a).logProb(z)) as Var;
      t.backward(lp);
      return [lp.value, ...t.gradOf(a)];
    };
    const own = run(true);
    assert.ok(own.every(Number.isFinite), `Dirichlet([${alpha}]), seed ${s}: ${own}`);
    const z = new Dirichlet(alpha).sample(createRng(40 + s));
    if (!z.every((v) => v > 1e-200)) continue;
    const composed = run(false);
    compared++;
    own.forEach((v, j) => assert.ok(Math.abs(v - composed[j]!) <= 1e-9 * Math.max(1, Math.abs(composed[j]!)),
      `Dirichlet([${alpha}]) at [${z}], entry ${j}: ${v} vs composed ${composed[j]}`));
  }
  assert.ok(compared > 40, `${compared} draws compared`);
});

test.run();
