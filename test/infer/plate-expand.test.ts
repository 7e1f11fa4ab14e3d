// A distribution written with scalar parameters inside a plate is a batch of the plate's size (Pyro's
// broadcasting): `expand(n)` on every batchable distribution, and the default draw of a site inside a plate, which
// expands the site's distribution so that a latent has one element per index in use. Sites whose batch disagrees
// with the plate, or that cannot be expanded to one dimension, are errors naming the site.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Bernoulli, Beta, Binomial, Categorical, Dirichlet, Exponential, Gamma, HalfNormal, LogNormal, Normal, Poisson,
  TraceELBO, Uniform, Tape, createRng, mask, param, plate, sample, seed, sum, trace, valueAndGrad, valueOf,
  type Distribution, type Scalar, type Value, type Var, type Vec,
} from "../../src/index.ts";

/** Each batchable distribution from its scalar parameters (nodes or numbers), and a point in its support. */
const CASES: { name: string; make: (p: Value[]) => Distribution; params: number[]; x: number }[] = [
  { name: "Beta", make: ([a, b]) => new Beta(a as Scalar, b as Scalar), params: [2.5, 0.7], x: 0.3 },
  { name: "Gamma", make: ([a, r]) => new Gamma(a as Scalar, r as Scalar), params: [2.5, 3], x: 0.4 },
  { name: "Normal", make: ([m, s]) => new Normal(m as Scalar, s as Scalar), params: [0.3, 2], x: -1 },
  { name: "LogNormal", make: ([m, s]) => new LogNormal(m as Scalar, s as Scalar), params: [0.3, 0.5], x: 1.7 },
  { name: "HalfNormal", make: ([s]) => new HalfNormal(s as Scalar), params: [1.5], x: 0.8 },
  { name: "Exponential", make: ([r]) => new Exponential(r as Scalar), params: [2], x: 0.25 },
  { name: "Uniform", make: ([l, h]) => new Uniform(l as Scalar, h as Scalar), params: [-1, 2], x: 0.5 },
  { name: "Bernoulli (probs)", make: ([p]) => new Bernoulli({ probs: p as Scalar }), params: [0.3], x: 1 },
  { name: "Bernoulli (logits)", make: ([t]) => new Bernoulli({ logits: t as Scalar }), params: [-0.4], x: 0 },
  { name: "Binomial", make: ([p]) => new Binomial(7, p as Scalar), params: [0.35], x: 3 },
  { name: "Poisson", make: ([r]) => new Poisson(r as Scalar), params: [3.5], x: 2 },
];

for (const c of CASES) {
  test(`${c.name}.expand(n): a batch of n copies: shape, n draws in the support, and each log-density and gradient the scalar one's`, () => {
    const n = 5, d = c.make(c.params).expand!(n), xs = new Float64Array(n).fill(c.x);
    assert.equal(d.batchShape, [n]);
    const draws = d.sample(createRng(3)) as Float64Array;
    assert.is(draws.length, n);
    draws.forEach((z) => assert.ok(d.support.check(z), `${c.name} draw ${z}`));
    const scalar = c.make(c.params).logProb(c.x) as number;
    (valueOf(d.logProb(xs)) as Float64Array).forEach((lp) => assert.is(lp, scalar));
    // With node parameters: Σ_i log p(x; θ) over the n copies has gradient n·∂/∂θ log p(x; θ).
    const one = valueAndGrad((...ps: Var[]) => c.make(ps).logProb(c.x) as Scalar)(...c.params);
    const all = valueAndGrad((...ps: Var[]) => c.make(ps).expand!(n).logProbSum(xs))(...c.params);
    assert.ok(Math.abs(all.value - n * one.value) <= 1e-13 * Math.abs(n * one.value), `${c.name}: value`);
    one.grad.forEach((g, j) => assert.ok(Math.abs((all.grad[j] as number) - n * (g as number)) <= 1e-12 * Math.max(1, Math.abs(n * (g as number))), `${c.name}: d/dθ${j}`));
  });
}

test("expand keeps a vector parameter of length n and rejects one of another length, naming it", () => {
  const v = new Beta(Float64Array.of(1, 2, 3), 2).expand!(3);
  assert.equal(valueOf(v.mean as Value), Float64Array.of(1 / 3, 2 / 4, 3 / 5));
  assert.throws(() => new Beta(Float64Array.of(1, 2), 2).expand!(3), (e: Error) => e instanceof RangeError && /Beta\.expand: concentration1's length/.test(e.message));
  assert.throws(() => new Normal(0, Float64Array.of(1, 2)).expand!(4), (e: Error) => e instanceof RangeError && /scale's length/.test(e.message));
});

test("a scalar latent inside a plate draws one element per index in use, and the site's distribution is the expanded batch", () => {
  const model = () => plate("g", 6, () => sample("theta", new Beta(2, 3)));
  const site = trace(model)().get("theta")!;
  assert.is((site.value as Float64Array).length, 6);
  assert.equal(site.fn!.batchShape, [6]);
  // With a subsample of 2 of the 6, two elements, scaled by 6/2.
  const sub = trace(() => plate("g", 6, { subsampleSize: 2 }, () => sample("theta", new Gamma(2, 1))))().get("theta")!;
  assert.is((sub.value as Float64Array).length, 2);
  assert.is(sub.scale, 3);
  // Outside a plate, and for an observed site, nothing is expanded.
  assert.is(typeof trace(() => sample("z", new Normal(0, 1)))().get("z")!.value, "number");
  const obs = trace(() => plate("g", 3, () => sample("y", new Normal(0, 1), { obs: Float64Array.of(1, 2, 3) })))().get("y")!;
  assert.equal(obs.fn!.batchShape, []);
});

test("the expanded draws are independent, from the scalar law: a batch of 20,000 Exponential(2) has mean 1/2 within 5 standard errors", () => {
  const z = trace(seed(() => plate("g", 20_000, () => sample("z", new Exponential(2))), createRng(9)))().get("z")!.value as Float64Array;
  let s = 0;
  for (const v of z) s += v;
  const se = 0.5 / Math.sqrt(z.length);
  assert.ok(Math.abs(s / z.length - 0.5) <= 5 * se, `mean ${s / z.length}`);
  assert.ok(new Set(z).size > 19_990, "distinct draws");
});

test("a guide with scalar parameters in a plate: the ELBO scores every element (loss = -Σ_i [log p(z_i) - log q(z_i)], by hand)", () => {
  const n = 4, x = Float64Array.of(0.5, -1, 2, 0.25);
  const model = () => plate("data", n, () => {
    const z = sample("z", new Normal(0, 1));
    sample("x", new Normal(z, 1), { obs: x });
  });
  const guide = () => {
    const loc = param("loc", 0.3), scale = param("scale", 0.8);
    plate("data", n, () => sample("z", new Normal(loc, scale)));
  };
  // The guide's draws under a seeded generator; the ELBO's, under the same seed, are the same draws.
  const z = trace(seed(guide, createRng(21)))().get("z")!.value as Float64Array;
  assert.is(z.length, n);
  const logNormal = (v: number, m: number, s: number) => -0.5 * ((v - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
  let expected = 0;
  for (let i = 0; i < n; i++) expected -= logNormal(z[i]!, 0, 1) + logNormal(x[i]!, z[i]!, 1) - logNormal(z[i]!, 0.3, 0.8);
  const got = seed(() => new TraceELBO().loss(model, guide, []).loss, createRng(21))();
  assert.ok(Math.abs(got - expected) <= 1e-12 * Math.abs(expected), `${got} vs ${expected}`);
});

test("inside a plate, a batch of another size, a scalar site in nested plates, or a Dirichlet or Categorical latent is an error naming the site", () => {
  const named = (re: RegExp) => (e: Error) => e instanceof RangeError && /sample "theta"/.test(e.message) && re.test(e.message);
  assert.throws(() => plate("g", 3, () => sample("theta", new Beta(Float64Array.of(1, 2), 1))), named(/batch size.*3.*got 2/));
  assert.throws(() => plate("a", 2, () => plate("b", 3, () => sample("theta", new Normal(0, 1)))), named(/in one plate/));
  assert.throws(() => plate("g", 3, () => sample("theta", new Dirichlet(Float64Array.of(1, 1)))), named(/one-dimensional/));
  assert.throws(() => plate("g", 3, () => sample("theta", new Categorical(Float64Array.of(1, 1)))), named(/one-dimensional/));
  // A vector site of the plate's size inside nested plates is drawn as it is (its batch is the innermost plate's).
  const v = trace(() => plate("a", 2, () => plate("b", 3, () => sample("theta", new Normal(new Float64Array(3), 1)))))().get("theta")!;
  assert.is((v.value as Float64Array).length, 3);
});

test("the draws of an expanded node-parameter site carry gradients to the scalar parameters (a pathwise d/dμ E[Σ z_i] = n)", () => {
  const t = new Tape(), mu = t.variable(0.7);
  const z = plate("g", 5, () => sample("z", new Normal(mu, 2))) as unknown as Vec;
  t.backward(sum(z) as Var);
  assert.is(t.adjoints[mu.index], 5);
});

test("a masked latent written with scalar parameters is expanded too, keeping its flags", () => {
  const flags = Uint8Array.of(1, 0, 1);
  const site = trace(mask(() => plate("g", 3, () => sample("z", new Normal(0, 1))), flags))().get("z")!;
  assert.equal(site.fn!.batchShape, [3]);
  const lp = valueOf(site.fn!.logProb(Float64Array.of(0, 5, 0)) as Value) as Float64Array;
  assert.is(lp[1], 0);
  assert.ok(Math.abs(lp[0]! + 0.5 * Math.log(2 * Math.PI)) < 1e-15);
});

test.run();
