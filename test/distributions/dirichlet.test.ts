// Dirichlet (src/distributions/dirichlet.ts): log-densities against 40-digit references, marginals Beta(α_k, α₀ - α_k)
// by KS, tiny concentrations, the reparameterization Jacobian dz/dα pointwise against mpmath (through the Gamma CDF's
// derivative) and as d/dα E[f(z)] against closed forms, parameter and support checks.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, Vec, dot, square, sum, valueOf, type Value, type Var } from "../../src/autodiff/index.ts";
import { Dirichlet, constraints } from "../../src/distributions/index.ts";
import { normalizeGammas } from "../../src/distributions/dirichlet.ts";
import { createRng } from "../../src/random/index.ts";
import { betainc } from "../../src/special/index.ts";
import { checkGrad } from "../helpers/check-grad.ts";
import { checkLogProb, fixture, pathwiseGradient, within } from "../helpers/continuous.ts";
import { ksCritical, ksStatistic } from "../helpers/ks.ts";

const make = (p: Record<string, Value>) => new Dirichlet(p.concentration as Float64Array);

test("logProb matches the 40-digit fixture to 1e-13 relative (8 ulps of Σ|terms| + |ψ(α₀)α₀| where lgammas cancel)", () => {
  checkLogProb<number[]>("dirichlet", make, (z) => Float64Array.from(z));
});

test("logProb is one scalar, differentiable in the concentration (central differences)", () => {
  const z = Float64Array.of(0.2, 0.5, 0.3);
  for (const a of [[1, 1, 1], [0.3, 2, 7], [50, 20, 30]]) {
    checkGrad((v) => new Dirichlet(v as Vec).logProb(z) as Var, [Float64Array.from(a)]);
  }
  assert.is(typeof new Dirichlet(Float64Array.of(2, 3)).logProb(Float64Array.of(0.4, 0.6)), "number");
});

interface Grad { concentration: number[][]; logG: number[][]; jacobian: number[][][] }

test("dz/dα at given Gamma draws matches mpmath's Jacobian (through ∂P/∂α of the Gamma CDF) to 1e-13 of each row's largest entry", () => {
  // Rows include log g = -800 and -1200, where g underflows and d log g/dα takes its small-g limit.
  const f = fixture<Grad>("dirichletGrad");
  let worst = 0;
  f.concentration.forEach((alpha, r) => {
    const K = alpha.length, logG = Float64Array.from(f.logG[r]!);
    for (let j = 0; j < K; j++) {
      const t = new Tape(), a = t.variable(Float64Array.from(alpha)), z = normalizeGammas(a, logG) as Vec;
      const e = new Float64Array(K);
      e[j] = 1;
      t.backward(dot(e, z) as Var);
      const got = t.gradOf(a), want = f.jacobian[r]![j]!, big = Math.max(...want.map(Math.abs));
      for (let k = 0; k < K; k++) {
        // Plus 1e-290 absolute: a component below 2⁻¹⁰²² is held there (z_j ~ 1e-450 would be 0), which moves its
        // row by 2⁻¹⁰²²·z_k r_k, 2e-303 in the row of log g = -1200.
        const err = Math.abs(got[k]! - want[k]!);
        if (big > 0) worst = Math.max(worst, err / big);
        assert.ok(err <= 1e-13 * big + 1e-290, `α = [${alpha}], dz_${j}/dα_${k}: ${got[k]} vs ${want[k]} (row's largest ${big})`);
      }
    }
  });
  assert.ok(worst > 0, "the comparison ran");
});

test("each marginal z_k passes a KS test against Beta(α_k, α₀ - α_k), or its complement against Beta(α₀ - α_k, α_k) (n = 10000, level 0.001)", () => {
  for (const [s, alpha] of [[1, 1, 1], [0.3, 2, 7, 0.05], [40, 25], [1e-2, 1e-2, 5]].entries()) {
    const d = new Dirichlet(Float64Array.from(alpha)), rng = createRng(111 + s), n = 10_000, K = alpha.length;
    const a0 = alpha.reduce((x, y) => x + y), per = alpha.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const z = d.sample(rng);
      assert.ok(constraints.simplex.check(z), `[${z}]`);
      per.forEach((p, k) => (p[i] = z[k]!));
    }
    for (let k = 0; k < K; k++) {
      // A component near 1 is tested through its complement Σ_{j≠k} z_j ~ Beta(α₀ - α_k, α_k) (aggregation), whose
      // small values doubles resolve: for α = (0.01, 0.01, 5) half of the z_3 round to exactly 1.
      const ak = alpha[k]!, rest = a0 - ak, small = ak <= rest;
      const xs = small ? per[k]! : Float64Array.from({ length: n }, (_, i) => per.reduce((acc, p, j) => acc + (j === k ? 0 : p[i]!), 0));
      const D = ksStatistic(xs, (x) => (small ? betainc(ak, rest, x) : betainc(rest, ak, x)));
      assert.ok(D <= ksCritical(n), `α = [${alpha}], marginal ${k}${small ? "" : " (complement)"}: D = ${D}`);
    }
  }
});

test("tiny concentrations (1e-3, where every Gamma draw underflows) give points of the simplex, never all zeros, and a finite log q(z) with finite gradients", () => {
  const d = new Dirichlet(Float64Array.of(1e-3, 2e-3, 1e-3)), rng = createRng(7);
  for (let i = 0; i < 2000; i++) {
    const z = d.sample(rng);
    assert.ok(constraints.simplex.check(z) && z.every((v) => v > 0), `[${z}]`);
  }
  // The ELBO's guide term, log q(z(α); α) at q's own draw: finite with finite gradients, since a component that
  // underflows is held at 2⁻¹⁰²² (1/z_k finite) rather than at 5e-324.
  const rng2 = createRng(8);
  for (let i = 0; i < 500; i++) {
    const t = new Tape(), a = t.variable(Float64Array.of(1e-3, 2e-3, 1e-3)), q = new Dirichlet(a);
    const lp = q.logProb(q.rsample(rng2)) as Var;
    t.backward(lp);
    assert.ok(Number.isFinite(lp.value) && t.gradOf(a).every(Number.isFinite), `draw ${i}: ${lp.value}, [${t.gradOf(a)}]`);
  }
});

test("d/dα E[w·z] and d/dα E[w·z²] match the closed forms by the pathwise gradient (6000 draws, 5 standard errors)", () => {
  const alpha = Float64Array.of(0.6, 2, 3.5), w = Float64Array.of(1, -2, 0.5), a0 = 6.1, n = 6000;
  const p = { concentration: alpha };
  const [g1] = pathwiseGradient(make, p, (z) => dot(w, z as Vec), n, 121);
  const [g2] = pathwiseGradient(make, p, (z) => dot(w, square(z) as Vec), n, 122);
  for (let j = 0; j < 3; j++) {
    // E[z_k] = α_k/α₀;  E[z_k²] = α_k(α_k + 1)/(α₀(α₀ + 1)).
    let d1 = 0, d2 = 0;
    for (let k = 0; k < 3; k++) {
      const ak = alpha[k]!, dk = j === k ? 1 : 0, c = a0 * (a0 + 1);
      d1 += w[k]! * (dk * a0 - ak) / a0 ** 2;
      d2 += w[k]! * (dk * (2 * ak + 1) / c - ak * (ak + 1) * (2 * a0 + 1) / c ** 2);
    }
    within(g1![j]!, d1, `d/dα_${j} E[w·z]`);
    within(g2![j]!, d2, `d/dα_${j} E[w·z²]`);
  }
});

test("rsample with a node concentration is one vector node of K; mean α/α₀ and variance α_k(α₀ - α_k)/(α₀²(α₀ + 1))", () => {
  const t = new Tape(), a = t.variable(Float64Array.of(1, 2, 3)), z = new Dirichlet(a).rsample(createRng(1));
  assert.ok(z instanceof Vec && z.tape === t && z.value.length === 3);
  assert.ok(new Dirichlet(Float64Array.of(1, 2)).rsample(createRng(1)) instanceof Float64Array);
  const d = new Dirichlet(Float64Array.of(1, 3));
  assert.equal(valueOf(d.mean), Float64Array.of(0.25, 0.75));
  assert.equal(valueOf(d.variance), Float64Array.of(3 / 80, 3 / 80));
  assert.equal(d.eventShape, [2]);
  assert.equal(d.batchShape, []);
  assert.is(d.support, constraints.simplex);
});

test("the concentration must be a vector (TypeError) of positive finite numbers (RangeError naming the element)", () => {
  for (const bad of [1, [1, 2], "1", null]) {
    assert.throws(() => new Dirichlet(bad as never), (e: Error) => e instanceof TypeError && /concentration/.test(e.message));
  }
  for (const v of [0, -1, NaN, Infinity]) {
    assert.throws(() => new Dirichlet(Float64Array.of(1, v)), (e: Error) => e instanceof RangeError && /concentration\[1\]/.test(e.message));
  }
  assert.throws(() => new Dirichlet(new Float64Array(0)), RangeError);
});

test("logProb rejects anything but a vector of K nonnegatives summing to 1", () => {
  const d = new Dirichlet(Float64Array.of(1, 2, 3));
  for (const z of [0.5, Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.6, -0.1), Float64Array.of(0.2, 0.2, 0.2), Float64Array.of(NaN, 0.5, 0.5)]) {
    assert.throws(() => d.logProb(z), (e: Error) => e instanceof RangeError && /value/.test(e.message));
  }
  // On the boundary: a finite density where α_k = 1, zero where α_k > 1.
  assert.ok(Number.isFinite(d.logProb(Float64Array.of(0, 0.5, 0.5)) as number));
  assert.is(new Dirichlet(Float64Array.of(2, 2, 3)).logProb(Float64Array.of(0, 0.5, 0.5)), -Infinity);
});

test.run();
