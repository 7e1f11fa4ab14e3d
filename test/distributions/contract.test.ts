// The contract every exported distribution keeps, as ONE table: a row per distribution (or parameterization), and
// each law below runs over every row. Adding a distribution gives it the whole contract by adding its row here and
// its section to scripts/fixtures_distributions.py (docs/05-adding-a-distribution.md). Distribution-specific tests
// (edges, fused kernels against composed ones, samplers' laws) stay in beta/gamma/bernoulli.test.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, Var, Vec, dot, sum, valueAndGrad, valueOf, type Scalar, type Value } from "../../src/autodiff/index.ts";
import {
  Bernoulli, Beta, Binomial, Exponential, Gamma, HalfNormal, LogNormal, Normal, Poisson, Uniform, constraints, type Distribution,
} from "../../src/distributions/index.ts";
import { createRng } from "../../src/random/index.ts";
import { betainc, betaincc, gammainc, gammaincc } from "../../src/special/index.ts";
import { readFixture } from "../helpers/accuracy.ts";
import { throws } from "../helpers/throws.ts";
import { numericDerivative } from "../helpers/check-grad.ts";
import { meanSe } from "../helpers/stats.ts";

/** Plain parameters by name, as the constructor names them: { concentration1: 2.5, concentration0: 0.7 }. */
type Plain = Record<string, number>;

/** One row of the contract table. */
interface Row {
  /** How test names print the row. */
  name: string;
  /** Build the distribution from parameters by name: numbers, scalar nodes, Float64Arrays or vector nodes. */
  make: (p: Record<string, Value>) => Distribution;
  /**
   * A few parameter sets, extreme ones included, for support, moments, gradients, detach, logProbSum and
   * batching. Every set names every parameter, in the order of the fixture's columns.
   */
  params: Plain[];
  /** The section of test/fixtures/distributions.json with reference log-densities (one function of the script). */
  fixture: string;
  /** Per parameter, numbers outside its domain: each a RangeError naming the parameter (or element). */
  outside: Record<string, number[]>;
  /** Parameters with a default (Gamma's rate = 1): undefined takes the default rather than being a TypeError. */
  defaults?: Record<string, number>;
  /** Numbers outside the support: logProb throws a RangeError naming the value or its position. */
  notInSupport: number[];
  /**
   * Continuous rows with rsample: the CDF F(x; θ) and its complement 1 - F, for the implicit-gradient check
   * dz/dθ = -(∂F/∂θ)(z) / p(z), with ∂F/∂θ by central differences.
   */
  cdf?: { lower: (p: Plain, x: number) => number; upper: (p: Plain, x: number) => number };
}

/**
 * Φ(z) and 1 - Φ(z) = Φ(-z), each accurate relative to itself in its tail: Φ(-t) = Q(½, t²/2)/2 for t >= 0 (Q the
 * regularized upper incomplete gamma function), so the CDF route keeps its digits where Φ is tiny.
 */
const phi = (z: number): number => (z < 0 ? gammaincc(0.5, z * z / 2) / 2 : 1 - gammaincc(0.5, z * z / 2) / 2);

const TABLE: Row[] = [
  {
    name: "Beta",
    make: (p) => new Beta(p.concentration1 as Scalar, p.concentration0 as Scalar),
    params: [
      { concentration1: 2.5, concentration0: 0.7 }, { concentration1: 16, concentration0: 14 },
      { concentration1: 0.1, concentration0: 0.1 }, { concentration1: 1e-2, concentration0: 3 },
      { concentration1: 1e3, concentration0: 0.5 },
    ],
    fixture: "beta",
    outside: { concentration1: [0, -0, -1, -1e-300, -Infinity, Infinity, NaN], concentration0: [0, -1, Infinity, NaN] },
    notInSupport: [-1e-300, 1 + 2 ** -52, 1.2, NaN, Infinity],
    cdf: {
      lower: (p, z) => betainc(p.concentration1!, p.concentration0!, z),
      upper: (p, z) => betaincc(p.concentration1!, p.concentration0!, z),
    },
  },
  {
    name: "Gamma",
    make: (p) => new Gamma(p.concentration as Scalar, p.rate as Scalar),
    params: [
      { concentration: 2.5, rate: 3 }, { concentration: 0.1, rate: 1 }, { concentration: 1e-2, rate: 1e3 },
      { concentration: 1e4, rate: 7.5 }, { concentration: 0.6, rate: 1e-3 },
    ],
    fixture: "gamma",
    outside: { concentration: [0, -0, -1, -1e-300, -Infinity, Infinity, NaN], rate: [0, -1, Infinity, NaN] },
    defaults: { rate: 1 },
    notInSupport: [-1e-300, -1, NaN, Infinity],
    cdf: {
      lower: (p, x) => gammainc(p.concentration!, p.rate! * x),
      upper: (p, x) => gammaincc(p.concentration!, p.rate! * x),
    },
  },
  {
    name: "Bernoulli (probs)",
    make: (p) => new Bernoulli({ probs: p.probs! }),
    params: [{ probs: 0.3 }, { probs: 1e-3 }, { probs: 0.999 }, { probs: 0 }, { probs: 1 }],
    fixture: "bernoulliProbs",
    outside: { probs: [-1e-300, -0.5, 1 + 2 ** -52, 2, Infinity, -Infinity, NaN] },
    notInSupport: [0.5, -1, 2, NaN],
  },
  {
    name: "Bernoulli (logits)",
    make: (p) => new Bernoulli({ logits: p.logits! }),
    params: [{ logits: 0 }, { logits: -3 }, { logits: 8 }, { logits: -7 }],
    fixture: "bernoulliLogits",
    outside: { logits: [NaN, Infinity, -Infinity] },
    notInSupport: [0.5, -1, 2, NaN],
  },
  // The rows below keep |location| / scale moderate: the CDF route steps each parameter by 1e-4 of itself, which
  // for loc = 0.5 with scale 1e-8 would move z by 5000 scales. Their extremes sit in the fixtures instead.
  {
    name: "Normal",
    make: (p) => new Normal(p.loc!, p.scale!),
    params: [
      { loc: 0.3, scale: 1 }, { loc: -3, scale: 0.01 }, { loc: 1e4, scale: 250 }, { loc: 1e-6, scale: 1e-8 },
      { loc: -1e3, scale: 1e3 },
    ],
    fixture: "normal",
    outside: { loc: [NaN, Infinity, -Infinity], scale: [0, -0, -1, -1e-300, Infinity, NaN] },
    notInSupport: [NaN],
    cdf: {
      lower: (p, x) => phi((x - p.loc!) / p.scale!),
      upper: (p, x) => phi((p.loc! - x) / p.scale!),
    },
  },
  {
    name: "LogNormal",
    make: (p) => new LogNormal(p.loc!, p.scale!),
    params: [
      { loc: 0.3, scale: 1 }, { loc: -3, scale: 0.05 }, { loc: 4, scale: 0.5 }, { loc: 1e-7, scale: 1e-6 },
      { loc: -0.5, scale: 0.8 },
    ],
    fixture: "logNormal",
    outside: { loc: [NaN, Infinity, -Infinity], scale: [0, -1, Infinity, NaN] },
    notInSupport: [0, -1e-300, -1, NaN, Infinity],
    cdf: {
      lower: (p, x) => phi((Math.log(x) - p.loc!) / p.scale!),
      upper: (p, x) => phi((p.loc! - Math.log(x)) / p.scale!),
    },
  },
  {
    name: "HalfNormal",
    make: (p) => new HalfNormal(p.scale!),
    params: [{ scale: 1 }, { scale: 0.01 }, { scale: 250 }, { scale: 1e-8 }, { scale: 3e5 }],
    fixture: "halfNormal",
    outside: { scale: [0, -0, -1, -1e-300, Infinity, NaN] },
    notInSupport: [-1e-300, -1, NaN, Infinity],
    // F(x) = erf(x/(σ√2)) = P(½, x²/(2σ²)).
    cdf: {
      lower: (p, x) => gammainc(0.5, (x / p.scale!) ** 2 / 2),
      upper: (p, x) => gammaincc(0.5, (x / p.scale!) ** 2 / 2),
    },
  },
  {
    name: "Exponential",
    make: (p) => new Exponential(p.rate!),
    params: [{ rate: 1 }, { rate: 1e-3 }, { rate: 500 }, { rate: 1e-100 }, { rate: 7.5 }],
    fixture: "exponential",
    outside: { rate: [0, -0, -1, -1e-300, Infinity, NaN] },
    notInSupport: [-1e-300, -1, NaN, Infinity],
    cdf: { lower: (p, x) => -Math.expm1(-p.rate! * x), upper: (p, x) => Math.exp(-p.rate! * x) },
  },
  {
    name: "Uniform",
    make: (p) => new Uniform(p.low!, p.high!),
    params: [
      // The first three share high: the batch law broadcasts sets[0]'s high against their lows and evaluates the
      // batch's draws there, and Uniform's support moves with its parameters.
      { low: -1, high: 2 }, { low: 1.5, high: 2 }, { low: -40, high: 2 }, { low: 1e-9, high: 2e-9 },
      { low: -7, high: -6.5 },
    ],
    fixture: "uniform",
    // low = 2 and high = -1 are finite but not below / above the other bound.
    outside: { low: [NaN, Infinity, -Infinity, 2, 5], high: [NaN, Infinity, -Infinity, -1, -3] },
    notInSupport: [-1 - 2 ** -52, 2 + 2 ** -51, -5, 1e300, NaN, Infinity],
    cdf: {
      lower: (p, x) => (x - p.low!) / (p.high! - p.low!),
      upper: (p, x) => (p.high! - x) / (p.high! - p.low!),
    },
  },
  // Categorical and Dirichlet take one vector of K numbers: their rows are in contract-event.test.ts.
  {
    name: "Poisson",
    make: (p) => new Poisson(p.rate!),
    params: [{ rate: 2.5 }, { rate: 0.1 }, { rate: 33.3 }, { rate: 1000.5 }],
    fixture: "poisson",
    outside: { rate: [-1, -1e-300, -Infinity, Infinity, NaN] },
    notInSupport: [-1, 0.5, NaN, Infinity],
  },
  {
    name: "Binomial (probs)",
    make: (p) => new Binomial(p.totalCount!, p.probs!),
    params: [
      { totalCount: 10, probs: 0.3 }, { totalCount: 1, probs: 0.999 }, { totalCount: 1000, probs: 0.01 },
      { totalCount: 37, probs: 0.5 },
    ],
    fixture: "binomial",
    outside: { totalCount: [-1, 2.5, NaN, Infinity, 2 ** 53], probs: [-1e-300, 1 + 2 ** -52, NaN, Infinity] },
    notInSupport: [-1, 0.5, 11, NaN, Infinity],
  },
  {
    name: "Binomial (logits)",
    make: (p) => new Binomial(p.totalCount!, { logits: p.logits! }),
    params: [{ totalCount: 10, logits: 0.3 }, { totalCount: 5, logits: -4 }, { totalCount: 100, logits: 2 }],
    fixture: "binomialLogits",
    outside: { totalCount: [-1, 2.5, NaN], logits: [NaN, Infinity, -Infinity] },
    notInSupport: [-1, 0.5, 11, NaN, Infinity],
  },
];

// --- helpers ------------------------------------------------------------------------------------------------------

interface Section { params: Record<string, number[]>; x: number[]; logProb: number[]; scale: number[] }
const fixtures = {
  ...(readFixture(new URL("../fixtures/distributions.json", import.meta.url)) as Record<string, Section>),
  // Normal, LogNormal, HalfNormal, Exponential, Uniform: scripts/fixtures_continuous.py
  ...(readFixture(new URL("../fixtures/continuous.json", import.meta.url)) as Record<string, Section>),
  // Poisson and Binomial: scripts/fixtures_discrete.py
  ...(readFixture(new URL("../fixtures/discrete.json", import.meta.url)) as Record<string, Section>),
};

const EPS = 2 ** -53;
const names = (p: Plain): string[] => Object.keys(p);
const show = (p: Plain): string => `(${Object.values(p).join(", ")})`;

/** f of the distribution with its parameters as nodes: f's value and its gradient in each parameter, in order. */
function withNodes(row: Row, p: Plain, f: (d: Distribution) => Scalar): { value: number; grad: number[] } {
  const ns = names(p);
  return valueAndGrad((...vs: Var[]) => f(row.make(Object.fromEntries(ns.map((n, i) => [n, vs[i]!])))))(...ns.map((n) => p[n]!));
}


/** Draws of plain values, as numbers. */
const draws = (d: Distribution, n: number, seed: number): Float64Array => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => d.sample(rng) as number);
};

// --- the contract -------------------------------------------------------------------------------------------------

for (const row of TABLE) {
  const cont = row.cdf !== undefined;

  test(`${row.name}: sample and rsample lie in the support; with node parameters rsample is a node on their tape`, () => {
    for (const [k, p] of row.params.entries()) {
      const d = row.make(p), rng = createRng(100 + k);
      for (let i = 0; i < 1000; i++) {
        const x = d.sample(rng) as number;
        assert.ok(d.support.check(x), `${row.name}${show(p)}.sample = ${x}`);
        if (!d.hasRsample) continue;
        // With constant parameters rsample has nothing to differentiate: a plain number.
        const r = d.rsample(rng);
        assert.ok(typeof r === "number" && d.support.check(r), `${row.name}${show(p)}.rsample = ${r}`);
      }
      if (!d.hasRsample) {
        assert.throws(() => d.rsample(rng), TypeError);
        continue;
      }
      const tape = new Tape();
      const nodes = Object.fromEntries(names(p).map((n) => [n, tape.variable(p[n]!)]));
      for (let i = 0; i < 100; i++) {
        const z = row.make(nodes).rsample(rng);
        assert.ok(z instanceof Var && z.tape === tape && d.support.check(z.value), `${row.name}${show(p)}: node draw`);
      }
    }
    assert.is(row.make(row.params[0]!).hasRsample, cont, `${row.name}: hasRsample exactly when the row gives a CDF`);
  });

  test(`${row.name}: the support rebuilds from its JSON spec into the same set`, () => {
    const d = row.make(row.params[0]!);
    const again = constraints.fromSpec(JSON.parse(JSON.stringify(d.support.spec)));
    for (const x of [-1, -1e-300, 0, 0.5, 1, 2, 1e300, NaN, Infinity, ...row.notInSupport]) {
      assert.is(again.check(x), d.support.check(x), `check(${x})`);
    }
  });

  test(`${row.name}: logProb matches the 40-digit fixture to 1e-13 relative, or 8 ulps of its terms' scale under cancellation`, () => {
    // `scale` = Σ|terms| of the log-density (scripts/fixtures_distributions.py): where the terms cancel, a few
    // roundings of the largest term is what double precision can promise, and the fixture allows no better.
    const f = fixtures[row.fixture]!, ns = Object.keys(f.params);
    assert.ok(f.x.length > 0, `${row.fixture}: empty fixture`);
    for (let i = 0; i < f.x.length; i++) {
      const p = Object.fromEntries(ns.map((n) => [n, f.params[n]![i]!])), x = f.x[i]!, ref = f.logProb[i]!;
      const got = row.make(p).logProb(x) as number, what = `${row.name}${show(p)}.logProb(${x}) = ${got}, fixture ${ref}`;
      if (!Number.isFinite(ref)) {
        assert.is(got, ref, what);
        continue;
      }
      const err = Math.abs(got - ref);
      assert.ok(err <= 1e-13 * Math.abs(ref) || err <= 8 * EPS * f.scale[i]!, `${what}: error ${err}`);
    }
  });

  test(`${row.name}: sample's mean and variance match the mean and variance getters within 5 standard errors`, () => {
    // 2e4 draws per set: the mean's standard error is sqrt(Var/n); the variance's, that of the sample mean of (x - μ)².
    const n = 20_000;
    for (const [k, p] of row.params.entries()) {
      const d = row.make(p), xs = draws(d, n, 200 + k);
      const mu = d.mean as number, v = d.variance as number;
      const m = meanSe(xs);
      assert.ok(Math.abs(m.mean - mu) <= 5 * Math.sqrt(v / n), `${row.name}${show(p)}: mean ${m.mean} vs ${mu}`);
      const m2 = meanSe(xs.map((x) => (x - mu) ** 2));
      assert.ok(Math.abs(m2.mean - v) <= 5 * m2.se || m2.mean === v, `${row.name}${show(p)}: variance ${m2.mean} ± ${m2.se} vs ${v}`);
    }
  });

  if (cont) {
    test(`${row.name}: rsample's dz/dθ at each draw is -(∂F/∂θ)/p(z), F the CDF by central differences, to 1e-6`, () => {
      const { lower, upper } = row.cdf!;
      for (const [k, p] of row.params.entries()) {
        const ns = names(p);
        let checked = 0;
        for (let seed = 0; seed < 20; seed++) {
          const { value: z, grad } = withNodes(row, p, (d) => d.rsample(createRng(1000 * k + seed)) as Scalar);
          const density = Math.exp(row.make(p).logProb(z) as number);
          // The smaller tail of F, whose differences keep their relative accuracy; skip draws in the far tails
          // (z within 1e-250 of the support's edge), where F or the density underflow.
          const useLower = lower(p, z) < 0.5, F = useLower ? lower : upper, sign = useLower ? 1 : -1;
          if (!(F(p, z) > 1e-250 && density > 0 && density < Infinity)) continue;
          // The step 1e-4·θ keeps Richardson's O(h⁴) error and F's rounding both below 1e-8 of the derivative.
          const route = (n: string, at: number): number =>
            (-sign * numericDerivative((t) => F({ ...p, [n]: t }, at), p[n]!, 1e-4 * Math.abs(p[n]!))) /
            Math.exp(row.make(p).logProb(at) as number);
          // rsample differentiates at the exact draw (say 1 - z from its log), the CDF route at z rounded to a
          // double: skip draws where two ulps of z move the route by more than 1e-8 (z within ~1e-8 of 1).
          const zz = z - 2 * EPS * z;
          if (!ns.every((n) => Math.abs(route(n, zz) - route(n, z)) <= 1e-8 * Math.abs(route(n, z)))) continue;
          checked++;
          ns.forEach((n, j) => {
            const expected = route(n, z);
            assert.ok(Math.abs(grad[j]! - expected) <= 1e-6 * Math.abs(expected),
              `${row.name}${show(p)} at z = ${z}: dz/d${n} = ${grad[j]}, CDF route ${expected}`);
          });
        }
        assert.ok(checked >= 10, `${row.name}${show(p)}: only ${checked} draws checked`);
      }
    });

    test(`${row.name}: the mean of rsample's dz/dθ estimates d/dθ E[z], the mean getter's derivative, within 5 standard errors`, () => {
      // E[z] is the closed form `mean` (held to the sample mean above); the reparameterization gradient is an
      // unbiased estimate of its derivative.
      const n = 10_000;
      for (const [k, p] of row.params.entries()) {
        const ns = names(p), rng = createRng(300 + k);
        const exact = withNodes(row, p, (d) => d.mean as Scalar).grad;
        const draw = valueAndGrad((...vs: Var[]) => row.make(Object.fromEntries(ns.map((m, i) => [m, vs[i]!]))).rsample(rng) as Scalar);
        const g = ns.map(() => new Float64Array(n));
        for (let i = 0; i < n; i++) {
          const { grad } = draw(...ns.map((m) => p[m]!));
          grad.forEach((v, j) => (g[j]![i] = v));
        }
        ns.forEach((m, j) => {
          const { mean, se } = meanSe(g[j]!);
          assert.ok(Math.abs(mean - exact[j]!) <= 5 * se, `${row.name}${show(p)}: mean dz/d${m} = ${mean} ± ${se}, d/d${m} E[z] = ${exact[j]}`);
        });
      }
    });
  }

  test(`${row.name}: detach() keeps the parameters' values but not their nodes: the gradient flows through x alone`, () => {
    for (const [k, p] of row.params.entries()) {
      const x = draws(row.make(p), 1, 400 + k)[0]!;
      // A continuous x is a node too (its gradient must survive detach); a discrete one is data.
      const lp = (d: Distribution, xv: Var): Scalar => d.logProb(cont ? xv : x) as Scalar;
      const ns = names(p), args = [...ns.map((n) => p[n]!), x];
      const run = (cut: boolean) => valueAndGrad((...vs: Var[]) => {
        const d = row.make(Object.fromEntries(ns.map((n, i) => [n, vs[i]!])));
        return lp(cut ? d.detach() : d, vs[ns.length]!);
      })(...args);
      const full = run(false), cut = run(true);
      assert.is(cut.value, full.value, `${row.name}${show(p)}: value`);
      ns.forEach((n, j) => assert.is(cut.grad[j], 0, `${row.name}${show(p)}: d/d${n} after detach`));
      assert.is(cut.grad[ns.length], full.grad[ns.length], `${row.name}${show(p)}: d/dx`);
      // Without detach the parameters do get a gradient (where logProb is finite): the comparison is not vacuous.
      if (Number.isFinite(full.value)) assert.ok(full.grad.slice(0, ns.length).some((g) => g !== 0), `${row.name}${show(p)}: no gradient`);
      const detached = row.make(Object.fromEntries(ns.map((n) => [n, new Tape().variable(p[n]!)]))).detach();
      assert.is(detached.logProb(x), row.make(p).logProb(x), `${row.name}${show(p)}: detached logProb`);
    }
  });

  test(`${row.name}: logProbSum is the sum of logProb over a Float64Array, in value and gradient`, () => {
    for (const [k, p] of row.params.entries()) {
      const xs = draws(row.make(p), 7, 500 + k), ns = names(p);
      const f = (g: (d: Distribution) => Scalar) => withNodes(row, p, g);
      const s = f((d) => d.logProbSum(xs)), t = f((d) => sum(d.logProb(xs) as Vec));
      // A one-pass sum groups the terms differently: they agree to the rounding of the terms, which exceed the
      // log-density by 1e5 in Gamma(1e4, 7.5) (measured 6e-12 relative there).
      const close = (a: number, b: number): boolean => a === b || Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b));
      assert.ok(close(s.value, t.value), `${row.name}${show(p)}: ${s.value} vs ${t.value}`);
      ns.forEach((n, j) => assert.ok(close(s.grad[j]!, t.grad[j]!), `${row.name}${show(p)}: d/d${n} ${s.grad[j]} vs ${t.grad[j]}`));
      const d = row.make(p);
      assert.is(d.logProbSum(xs[0]!), d.logProb(xs[0]!), `${row.name}${show(p)}: a single value is its own sum`);
    }
  });

  test(`${row.name}: parameters outside their domain throw a RangeError naming the parameter (and, in a vector, the element)`, () => {
    const good = row.params[0]!, tape = new Tape();
    for (const [n, bads] of Object.entries(row.outside)) {
      // \b: "concentration" must not match inside "concentration1", nor the other way round.
      const named = new RegExp(`\\b${n}\\b(?!\\[)`), element = new RegExp(`\\b${n}\\[2\\]`);
      for (const bad of bads) {
        throws(() => row.make({ ...good, [n]: bad }), RangeError, named, `${row.name}: ${n} = ${bad}`);
        tape.rewind();
        throws(() => row.make({ ...good, [n]: tape.variable(bad) }), RangeError, named, `${row.name}: ${n} = node ${bad}`);
        const v = new Float64Array([good[n]!, good[n]!, bad]);
        throws(() => row.make({ ...good, [n]: v }), RangeError, element, `${row.name}: ${n}[2] = ${bad}`);
      }
    }
  });

  test(`${row.name}: a parameter of the wrong type is a TypeError naming it and the accepted types`, () => {
    const good = row.params[0]!;
    for (const n of names(good)) {
      const defaulted = row.defaults?.[n];
      if (defaulted !== undefined) {
        const x = draws(row.make(good), 1, 650)[0]!;
        assert.is(row.make({ ...good, [n]: undefined as unknown as number }).logProb(x), row.make({ ...good, [n]: defaulted }).logProb(x), `${row.name}: ${n} defaults to ${defaulted}`);
      }
      for (const bad of ["1", true, [1], defaulted === undefined ? undefined : "", null, {}, 1n]) {
        throws(() => row.make({ ...good, [n]: bad as unknown as Value }), TypeError,
          new RegExp(`\\b${n}\\b.*a number, Var, Float64Array or Vec`), `${row.name}: ${n} = ${String(bad)}`);
      }
    }
  });

  test(`${row.name}: vector parameters make a batch: n draws and n log-densities, each the scalar distribution's`, () => {
    // Three parameter sets side by side; a batch draws element by element from one stream, as three scalar
    // distributions drawn in turn would, so the batch's draws equal theirs exactly.
    const sets = row.params.slice(0, 3), ns = names(sets[0]!), n = sets.length;
    const column = (m: string): Float64Array => Float64Array.from(sets, (p) => p[m]!);
    const vectors = Object.fromEntries(ns.map((m) => [m, column(m)]));
    const d = row.make(vectors), singles = sets.map((p) => row.make(p));
    assert.equal(d.batchShape, [n], `${row.name}: batchShape`);
    const xs = d.sample(createRng(700)) as Float64Array, rng = createRng(700);
    assert.ok(xs instanceof Float64Array && xs.length === n, `${row.name}: sample`);
    assert.equal(Array.from(xs), singles.map((s) => s.sample(rng) as number), `${row.name}: batch draws = scalar draws`);
    const lp = d.logProb(xs) as Float64Array, mean = valueOf(d.mean) as Float64Array, variance = valueOf(d.variance) as Float64Array;
    singles.forEach((s, i) => {
      const near = (u: number, v: number): boolean => u === v || Math.abs(u - v) <= 1e-14 * Math.abs(v);
      assert.ok(near(lp[i]!, s.logProb(xs[i]!) as number), `${row.name}: logProb[${i}] ${lp[i]} vs ${s.logProb(xs[i]!)}`);
      assert.ok(near(mean[i]!, s.mean as number) && near(variance[i]!, s.variance as number), `${row.name}: moments[${i}]`);
    });
    // The first parameter a vector, the others broadcast from the first set.
    const mixed = row.make({ ...sets[0]!, [ns[0]!]: column(ns[0]!) }), lpm = mixed.logProb(xs) as Float64Array;
    sets.forEach((p, i) => assert.ok(Math.abs(lpm[i]! - (row.make({ ...sets[0]!, [ns[0]!]: p[ns[0]!]! }).logProb(xs[i]!) as number)) <= 1e-14 * Math.max(1, Math.abs(lpm[i]!)), `${row.name}: broadcast logProb[${i}]`));
    if (!d.hasRsample) return;
    // rsample of node parameters: a vector node; the gradient of Σ w_i z_i is w_i dz_i/dθ_i per element, and for a
    // broadcast scalar parameter Σ_i w_i dz_i/dθ.
    const w = Float64Array.from({ length: n }, (_, i) => i + 1);
    const batch = valueAndGrad((...vs: Vec[]) => {
      const z = row.make(Object.fromEntries(ns.map((m, j) => [m, vs[j]!]))).rsample(createRng(701));
      assert.ok(z instanceof Vec && z.value.length === n, `${row.name}: rsample is a vector node`);
      return dot(w, z as Vec);
    })(...ns.map(column));
    const r = createRng(701);
    const each = sets.map((p) => withNodes(row, p, (s) => s.rsample(r) as Scalar));
    ns.forEach((m, j) => each.forEach((e, i) => assert.is(batch.grad[j]![i], w[i]! * e.grad[j]!, `${row.name}: d/d${m}[${i}]`)));
    const r2 = createRng(701);
    const each2 = sets.map((p) => withNodes(row, { ...sets[0]!, [ns[0]!]: p[ns[0]!]! }, (s) => s.rsample(r2) as Scalar));
    const bc = valueAndGrad((...vs: (Var | Vec)[]) =>
      dot(w, row.make(Object.fromEntries(ns.map((m, j) => [m, vs[j]!]))).rsample(createRng(701)) as Vec))(
      ...ns.map((m, j) => (j === 0 ? column(m) : sets[0]![m]!)) as never[]);
    ns.slice(1).forEach((m, j) => {
      const expected = each2.reduce((acc, e, i) => acc + w[i]! * e.grad[j + 1]!, 0);
      assert.ok(Math.abs((bc.grad[j + 1] as number) - expected) <= 1e-14 * Math.abs(expected), `${row.name}: broadcast d/d${m}`);
    });
  });

  test(`${row.name}: vector parameters of different lengths throw a RangeError naming both`, () => {
    const p = row.params[0]!, ns = names(p);
    if (ns.length < 2) return;
    const [first, second] = [ns[0]!, ns[1]!];
    const args = { ...p, [first]: new Float64Array(3).fill(p[first]!), [second]: new Float64Array(2).fill(p[second]!) };
    throws(() => row.make(args), RangeError, new RegExp(`\\b${second}\\b.*\\b${first}\\b`), `${row.name}: lengths 3 and 2`);
  });

  test(`${row.name}: a value outside the support throws a RangeError naming it, or its position in a Float64Array`, () => {
    const d = row.make(row.params[0]!), inside = draws(d, 1, 600)[0]!, tape = new Tape();
    for (const bad of row.notInSupport) {
      throws(() => d.logProb(bad), RangeError, /support/, `${row.name}.logProb(${bad})`);
      throws(() => d.logProb(tape.variable(bad)), RangeError, /support/, `${row.name}.logProb(node ${bad})`);
      throws(() => d.logProb(new Float64Array([inside, inside, inside, bad])), RangeError, /position 3\b/, `${row.name}.logProb([.., ${bad}])`);
      throws(() => d.logProbSum(new Float64Array([inside, bad])), RangeError, /position 1\b/, `${row.name}.logProbSum([.., ${bad}])`);
    }
  });
}

test("every row's fixture section exists and names the row's parameters", () => {
  for (const row of TABLE) {
    const f = fixtures[row.fixture];
    assert.ok(f, `${row.name}: no fixture section ${row.fixture}`);
    assert.equal(Object.keys(f.params), names(row.params[0]!), `${row.name}: fixture columns`);
    for (const p of row.params) assert.equal(names(p), names(row.params[0]!), `${row.name}: parameter sets name every parameter`);
    assert.equal(Object.keys(row.outside), names(row.params[0]!), `${row.name}: domain cases for every parameter`);
  }
});

test.run();
