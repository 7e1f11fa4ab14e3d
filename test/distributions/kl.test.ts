// kl(p, q) against reference values from numerical integration and summation (scripts/fixtures_kl.py), its
// gradients against central differences, and its laws: KL(p, p) = 0, KL >= 0, batches elementwise.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { Tape, Var, Vec, sum, valueOf, type Scalar, type Value } from "../../src/autodiff/index.ts";
import {
  Bernoulli, Beta, Binomial, Categorical, Dirichlet, Exponential, Gamma, HalfNormal, LogNormal, Normal, Poisson, Uniform,
  type Distribution,
} from "../../src/distributions/index.ts";
import { kl, klOrUndefined } from "../../src/distributions/kl.ts";
import { checkGrad } from "../helpers/check-grad.ts";

type Params = Record<string, number | number[]>;
interface Row { p: Params; q: Params; kl: number; scale: number }
const fixture = JSON.parse(readFileSync(new URL("../fixtures/kl.json", import.meta.url), "utf8")) as Record<string, Row[]>;

const arr = (x: number | number[]): Float64Array => Float64Array.from(x as number[]);
/** The distribution a fixture row's parameters describe, for each pair's side (p or q). */
const make: Record<string, [(r: Params) => Distribution, (r: Params) => Distribution]> = {
  Normal: [(r) => new Normal(r.loc as number, r.scale as number), (r) => new Normal(r.loc as number, r.scale as number)],
  LogNormal: [(r) => new LogNormal(r.loc as number, r.scale as number), (r) => new LogNormal(r.loc as number, r.scale as number)],
  Gamma: [(r) => new Gamma(r.concentration as number, r.rate as number), (r) => new Gamma(r.concentration as number, r.rate as number)],
  Exponential: [(r) => new Exponential(r.rate as number), (r) => new Exponential(r.rate as number)],
  ExponentialGamma: [(r) => new Exponential(r.rate as number), (r) => new Gamma(r.concentration as number, r.rate as number)],
  Beta: [(r) => new Beta(r.concentration1 as number, r.concentration0 as number), (r) => new Beta(r.concentration1 as number, r.concentration0 as number)],
  Bernoulli: [(r) => new Bernoulli(r.probs as number), (r) => new Bernoulli(r.probs as number)],
  BernoulliLogits: [(r) => new Bernoulli({ logits: r.logits as number }), (r) => new Bernoulli({ logits: r.logits as number })],
  Binomial: [(r) => new Binomial(r.totalCount as number, r.probs as number), (r) => new Binomial(r.totalCount as number, r.probs as number)],
  Poisson: [(r) => new Poisson(r.rate as number), (r) => new Poisson(r.rate as number)],
  Categorical: [(r) => new Categorical(arr(r.probs!)), (r) => new Categorical(arr(r.probs!))],
  Dirichlet: [(r) => new Dirichlet(arr(r.concentration!)), (r) => new Dirichlet(arr(r.concentration!))],
};

const EPS = 2 ** -52;

test("the fixture covers every pair kl supports", () => {
  assert.equal(Object.keys(fixture).sort(), Object.keys(make).sort());
});

// Held to 1e-12 relative; where the closed form's terms cancel (nearly equal Betas, Categoricals whose normalised probabilities sum to 1 only within a few ulps), to 16 ulps of the
// sum of their sizes (`scale`, written by the script), which is all a double evaluation of those terms can promise.
for (const [pair, rows] of Object.entries(fixture)) {
  test(`${pair}: kl matches numerical integration or summation at 32 digits, to 1e-12 relative or 16 ulps of its terms`, () => {
    const [mp, mq] = make[pair]!;
    for (const r of rows) {
      const got = kl(mp(r.p), mq(r.q)) as number;
      const tol = Math.max(1e-12 * Math.abs(r.kl), 16 * EPS * r.scale);
      assert.ok(Math.abs(got - r.kl) <= tol, `${pair} ${JSON.stringify(r.p)} ${JSON.stringify(r.q)}: ${got} vs ${r.kl} (tolerance ${tol})`);
    }
  });
}

test("the 16-ulp bound is looser than 1e-12 relative only on the rows whose terms cancel", () => {
  const loose = Object.entries(fixture).flatMap(([pair, rows]) =>
    rows.filter((r) => 16 * EPS * r.scale > 1e-12 * Math.abs(r.kl)).map((r) => pair));
  for (const pair of loose) assert.ok(["Beta", "Categorical", "Dirichlet"].includes(pair), pair);
});

test("a Binomial or Bernoulli from logits gives the KL of the same probabilities", () => {
  const t1 = 0.7, t2 = -1.3, s = (t: number) => 1 / (1 + Math.exp(-t));
  const viaLogits = kl(new Binomial(12, { logits: t1 }), new Binomial(12, { logits: t2 })) as number;
  const viaProbs = kl(new Binomial(12, s(t1)), new Binomial(12, s(t2))) as number;
  assert.ok(Math.abs(viaLogits - viaProbs) <= 1e-14 * viaProbs);
  const mixed = kl(new Bernoulli(s(t1)), new Bernoulli({ logits: t2 })) as number;
  assert.ok(Math.abs(12 * mixed - viaProbs) <= 1e-14 * viaProbs);
});

test("a batch gives one KL per element, broadcasting a scalar parameter", () => {
  const locs = Float64Array.of(-1, 0, 2), scales = Float64Array.of(0.5, 1, 3);
  const batch = valueOf(kl(new Normal(locs, scales), new Normal(0.5, 2)) as Value) as Float64Array;
  assert.is(batch.length, 3);
  for (let i = 0; i < 3; i++) assert.is(batch[i], kl(new Normal(locs[i]!, scales[i]!), new Normal(0.5, 2)));
  const rates = Float64Array.of(1, 4);
  const g = valueOf(kl(new Gamma(rates, 2), new Gamma(3, rates)) as Value) as Float64Array;
  for (let i = 0; i < 2; i++) assert.is(g[i], kl(new Gamma(rates[i]!, 2), new Gamma(3, rates[i]!)));
});

test("KL(p, p) is exactly 0 for every pair", () => {
  const ds: Distribution[] = [
    new Normal(0.3, 2), new LogNormal(-1, 0.1), new Gamma(1e4, 3), new Exponential(0.2), new Beta(3e4, 7),
    new Bernoulli(1e-300), new Bernoulli({ logits: -40 }), new Binomial(7, 0.9), new Poisson(1e6),
    new Categorical(Float64Array.of(1, 0, 5)), new Dirichlet(Float64Array.of(0.1, 2, 30)),
  ];
  for (const d of ds) assert.is(kl(d, d), 0, d.constructor.name);
});

test("KL >= 0 for random pairs of every family (fast-check)", () => {
  const pos = fc.double({ min: 1e-3, max: 1e3, noNaN: true }), unit = fc.double({ min: 0, max: 1, noNaN: true });
  const real = fc.double({ min: -50, max: 50, noNaN: true });
  const pairs = fc.oneof(
    fc.tuple(real, pos, real, pos).map(([a, b, c, d]) => [new Normal(a, b), new Normal(c, d)]),
    fc.tuple(real, pos, real, pos).map(([a, b, c, d]) => [new LogNormal(a, b), new LogNormal(c, d)]),
    fc.tuple(pos, pos, pos, pos).map(([a, b, c, d]) => [new Gamma(a, b), new Gamma(c, d)]),
    fc.tuple(pos, pos, pos, pos).map(([a, b, c, d]) => [new Beta(a, b), new Beta(c, d)]),
    fc.tuple(pos, pos, pos).map(([a, c, d]) => [new Exponential(a), new Gamma(c, d)]),
    fc.tuple(pos, pos).map(([a, b]) => [new Exponential(a), new Exponential(b)]),
    fc.tuple(unit, unit).map(([a, b]) => [new Bernoulli(a), new Bernoulli(b)]),
    fc.tuple(real, real).map(([a, b]) => [new Bernoulli({ logits: a }), new Binomial(1, { logits: b })]),
    fc.tuple(fc.integer({ min: 0, max: 100 }), unit, unit).map(([n, a, b]) => [new Binomial(n, a), new Binomial(n, b)]),
    fc.tuple(pos, pos).map(([a, b]) => [new Poisson(a), new Poisson(b)]),
    fc.tuple(fc.array(pos, { minLength: 3, maxLength: 3 }), fc.array(pos, { minLength: 3, maxLength: 3 }))
      .map(([a, b]) => [new Categorical(arr(a)), new Categorical({ logits: arr(b) })]),
    fc.tuple(fc.array(pos, { minLength: 4, maxLength: 4 }), fc.array(pos, { minLength: 4, maxLength: 4 }))
      .map(([a, b]) => [new Dirichlet(arr(a)), new Dirichlet(arr(b))]),
  );
  fc.assert(
    fc.property(pairs, (pq) => {
      const [p, q] = pq as unknown as [Distribution, Distribution];
      if (p instanceof Bernoulli && q instanceof Binomial) return klOrUndefined(p, q) === undefined; // no such pair
      // Rounding may leave a true 0 a few ulps of the terms (at most ~1e3 here) below it.
      return (kl(p, q) as number) >= -1e-12;
    }),
    { numRuns: 2000, seed: 42 },
  );
});

test("gradients in both distributions' parameters match central differences", () => {
  const S = (x: Var | Vec) => x as Scalar;
  const cases: [string, (...xs: (Var | Vec)[]) => Scalar, number[]][] = [
    ["Normal", (a, b, c, d) => kl(new Normal(S(a!), S(b!)), new Normal(S(c!), S(d!))) as Scalar, [0.3, 0.7, -1, 2]],
    ["LogNormal", (a, b, c, d) => kl(new LogNormal(S(a!), S(b!)), new LogNormal(S(c!), S(d!))) as Scalar, [1, 1.01, 0.9, 1]],
    ["Gamma", (a, b, c, d) => kl(new Gamma(S(a!), S(b!)), new Gamma(S(c!), S(d!))) as Scalar, [2.5, 0.4, 0.7, 1.9]],
    ["Gamma, concentrations past 10 (Stirling branch)", (a, b, c, d) => kl(new Gamma(S(a!), S(b!)), new Gamma(S(c!), S(d!))) as Scalar, [30, 2, 35, 2.5]],
    ["Beta", (a, b, c, d) => kl(new Beta(S(a!), S(b!)), new Beta(S(c!), S(d!))) as Scalar, [16, 14, 10, 10]],
    ["Beta near p = q", (a, b, c, d) => kl(new Beta(S(a!), S(b!)), new Beta(S(c!), S(d!))) as Scalar, [3, 4, 3.2, 4]],
    ["Exponential", (a, b) => kl(new Exponential(S(a!)), new Exponential(S(b!))) as Scalar, [1.5, 0.4]],
    ["Exponential-Gamma", (a, c, d) => kl(new Exponential(S(a!)), new Gamma(S(c!), S(d!))) as Scalar, [1.5, 2, 0.4]],
    ["Bernoulli", (a, b) => kl(new Bernoulli(S(a!)), new Bernoulli(S(b!))) as Scalar, [0.2, 0.6]],
    ["Bernoulli near 0", (a, b) => kl(new Bernoulli(S(a!)), new Bernoulli(S(b!))) as Scalar, [1e-6, 3e-6]],
    ["Bernoulli logits", (a, b) => kl(new Bernoulli({ logits: S(a!) }), new Bernoulli({ logits: S(b!) })) as Scalar, [2, -0.5]],
    ["Binomial", (a, b) => kl(new Binomial(9, S(a!)), new Binomial(9, { logits: S(b!) })) as Scalar, [0.3, 0.1]],
    ["Poisson", (a, b) => kl(new Poisson(S(a!)), new Poisson(S(b!))) as Scalar, [3, 3.3]],
  ];
  for (const [name, f, args] of cases) {
    try {
      checkGrad(f, args, { rtol: 1e-6 });
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
  const V = (x: Var | Vec) => x as Vec;
  checkGrad((a, b) => kl(new Categorical(V(a!)), new Categorical({ logits: V(b!) })) as Scalar, [Float64Array.of(1, 2, 3), Float64Array.of(0.5, -1, 0)]);
  checkGrad((a, b) => kl(new Dirichlet(V(a!)), new Dirichlet(V(b!))) as Scalar, [Float64Array.of(1.5, 2, 0.7), Float64Array.of(3, 1, 1)]);
  // A batch: d/dθ of the summed KL, element by element.
  checkGrad((a, b) => sum(kl(new Normal(V(a!), 1.5), new Normal(0.2, V(b!))) as Vec), [Float64Array.of(0.1, -2), Float64Array.of(2, 0.3)]);
});

test("an unsupported pair is a TypeError naming both classes", () => {
  assert.throws(() => kl(new Normal(0, 1), new Gamma(1, 1)), (e: Error) => e instanceof TypeError && /Normal/.test(e.message) && /Gamma/.test(e.message));
  assert.throws(() => kl(new Gamma(1, 1), new Exponential(1)), (e: Error) => e instanceof TypeError && /Gamma and Exponential/.test(e.message));
  assert.throws(() => kl(new HalfNormal(1), new Uniform(0, 1)), (e: Error) => e instanceof TypeError && /HalfNormal and Uniform/.test(e.message));
});

test("Binomials with different totalCount are a RangeError naming both counts", () => {
  assert.throws(() => kl(new Binomial(5, 0.5), new Binomial(6, 0.5)), (e: Error) => e instanceof RangeError && /totalCount 5/.test(e.message) && /got 6/.test(e.message));
  assert.throws(() => kl(new Binomial(Float64Array.of(5, 6), 0.5), new Binomial(Float64Array.of(5, 7), 0.5)), RangeError);
  assert.throws(() => kl(new Dirichlet(Float64Array.of(1, 2)), new Dirichlet(Float64Array.of(1, 2, 3))), RangeError);
});

test("kl records nodes on the tape of its parameters", () => {
  const t = new Tape(), a = t.variable(2), b = t.variable(3);
  const v = kl(new Beta(a, b), new Beta(1, 1));
  assert.ok(v instanceof Var);
});

test.run();
