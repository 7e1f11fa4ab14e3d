// standardNormal (ziggurat) against an exact Phi: KS fit, moments, and tail frequencies beyond the base strip,
// where the ziggurat switches to Marsaglia's tail method. The KS helpers live in test/helpers/ks.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRng, normal, standardNormal } from "../../src/random/index.ts";
import { ksCritical, ksStatistic, normalCdf } from "../helpers/ks.ts";

const N_KS = 20_000;

function draws(seed: number, n: number, shift = 0): Float64Array {
  const rng = createRng(seed);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = standardNormal(rng) + shift;
  return xs;
}

test("the test oracle Phi matches reference values to 1e-15", () => {
  // Reference values: Python 3.11, 0.5 * math.erfc(-x / math.sqrt(2)).
  const ref: [number, number][] = [
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [2, 0.9772498680518208],
    [-4, 3.1671241833119965e-5],
    [0.3, 0.6179114221889526],
  ];
  for (const [x, p] of ref) assert.ok(Math.abs(normalCdf(x) - p) < 1e-15, `Phi(${x}) = ${normalCdf(x)}`);
});

for (const seed of [1, 77]) {
  test(`standard normal draws pass a KS test against Phi (seed ${seed}, n = 20000, level 0.001)`, () => {
    const d = ksStatistic(draws(seed, N_KS), normalCdf);
    assert.ok(d < ksCritical(N_KS), `D = ${d}, critical ${ksCritical(N_KS)}`);
  });
}

test("the KS harness rejects normal draws shifted by 0.1", () => {
  const d = ksStatistic(draws(1, N_KS, 0.1), normalCdf);
  assert.ok(d > ksCritical(N_KS), `D = ${d}`);
});

test("mean, variance and kurtosis are 0, 1 and 3 within 4 standard errors (n = 1e6)", () => {
  const n = 1_000_000;
  const xs = draws(3, n);
  let m1 = 0;
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    m1 += x;
    m2 += x * x;
    m4 += x ** 4;
  }
  m1 /= n;
  m2 /= n;
  m4 /= n;
  // Standard errors from the normal moments: Var(X) = 1, Var(X^2) = 2, Var(X^4) = 105 - 9 = 96.
  assert.ok(Math.abs(m1) < 4 * Math.sqrt(1 / n), `mean ${m1}`);
  assert.ok(Math.abs(m2 - 1) < 4 * Math.sqrt(2 / n), `E X^2 ${m2}`);
  assert.ok(Math.abs(m4 - 3) < 4 * Math.sqrt(96 / n), `E X^4 ${m4}`);
});

test("tail frequencies beyond 2, the base-strip edge R = 3.654 and 4 match Phi (binomial z < 4.5)", () => {
  const n = 4_000_000;
  const rng = createRng(99);
  const cuts = [2, 3.6541528853610088, 4];
  const upper = [0, 0, 0];
  const lower = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const x = standardNormal(rng);
    for (let k = 0; k < cuts.length; k++) {
      if (x > cuts[k]!) upper[k]!++;
      if (x < -cuts[k]!) lower[k]!++;
    }
  }
  for (let k = 0; k < cuts.length; k++) {
    const p = normalCdf(-cuts[k]!);
    const sd = Math.sqrt(n * p * (1 - p));
    for (const count of [upper[k]!, lower[k]!]) {
      assert.ok(Math.abs(count - n * p) < 4.5 * sd, `beyond ±${cuts[k]}: ${count} vs ${n * p}`);
    }
  }
});

test("the same seed gives the same normal draws", () => {
  assert.equal(draws(5, 100), draws(5, 100));
});

test("normal(rng, mean, sd) scales and shifts a standard draw and validates sd", () => {
  const a = createRng(8);
  const b = createRng(8);
  for (let i = 0; i < 100; i++) assert.is(normal(a, 2, 3), 2 + 3 * standardNormal(b));
  for (const sd of [-1, NaN, Infinity]) assert.throws(() => normal(a, 0, sd), (e: unknown) => e instanceof RangeError);
});

test.run();
