// standardGamma / logStandardGamma: moments over six decades of alpha, the log-space boost for tiny alpha
// (moments of log X where X itself underflows), validation, determinism. KS fits are in ks.test.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { createRng, logStandardGamma, standardGamma } from "../../src/random/index.ts";

const EULER_GAMMA = 0.5772156649015329;
const ZETA2 = Math.PI ** 2 / 6;
const ZETA3 = 1.2020569031595942;

for (const [k, alpha] of [0.01, 0.5, 1, 2.5, 30, 1000].entries()) {
  test(`Gamma(${alpha}) draws have mean alpha and variance alpha within 5 standard errors`, () => {
    const n = 40_000;
    const rng = createRng(1000 + k);
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = standardGamma(rng, alpha);
      assert.ok(x >= 0 && Number.isFinite(x));
      s += x;
      s2 += (x - alpha) ** 2;
    }
    const mean = s / n;
    const variance = s2 / n;
    // Var(X) = alpha; Var((X - alpha)^2) = mu4 - alpha^2 = (3 alpha^2 + 6 alpha) - alpha^2.
    assert.ok(Math.abs(mean - alpha) < 5 * Math.sqrt(alpha / n), `mean ${mean}`);
    assert.ok(Math.abs(variance - alpha) < 5 * Math.sqrt((2 * alpha * alpha + 6 * alpha) / n), `variance ${variance}`);
  });
}

test("Gamma(1e-3): log draws are finite and have mean psi(alpha) and variance psi'(alpha)", () => {
  // Here X = e^(log X) underflows to 0 on about half of the draws; log X must not.
  // Small-alpha series: psi(a) = -1/a - gamma + zeta(2) a - zeta(3) a^2 + ..., psi'(a) = 1/a^2 + zeta(2) - 2 zeta(3) a + ...
  const a = 1e-3;
  const psi = -1 / a - EULER_GAMMA + ZETA2 * a - ZETA3 * a * a;
  const psi1 = 1 / (a * a) + ZETA2 - 2 * ZETA3 * a;
  const n = 100_000;
  const rng = createRng(31);
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const l = logStandardGamma(rng, a);
    assert.ok(Number.isFinite(l), `log draw ${l}`);
    s += l;
    s2 += (l - psi) ** 2;
  }
  const mean = s / n;
  assert.ok(Math.abs(mean - psi) < 5 * Math.sqrt(psi1 / n), `mean ${mean} vs ${psi}`);
  // log X ≈ -E/a + O(1) with E ~ Exp(1), whose fourth central moment is 9, so Var((L - psi)^2) ≈ (9 - 1) psi1^2.
  assert.ok(Math.abs(s2 / n - psi1) < 5 * Math.sqrt((8 * psi1 * psi1) / n), `variance ${s2 / n} vs ${psi1}`);
});

test("standardGamma(1e-3) underflows to exactly 0 on about P(X < e^-745) = 0.475 of draws, and never goes negative", () => {
  const n = 20_000;
  const rng = createRng(32);
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const x = standardGamma(rng, 1e-3);
    assert.ok(x >= 0);
    if (x === 0) zeros++;
  }
  // P(X < t) ≈ t^a / Gamma(1 + a) for small t; exp underflows to 0 below log X ≈ -745.13.
  const p = Math.exp(-745.13 * 1e-3) / Math.exp(-EULER_GAMMA * 1e-3);
  assert.ok(Math.abs(zeros / n - p) < 5 * Math.sqrt((p * (1 - p)) / n), `fraction ${zeros / n} vs ${p}`);
});

test("for alpha < 1, standardGamma is exp of logStandardGamma on the same stream", () => {
  fc.assert(
    fc.property(fc.integer(), fc.double({ min: 1e-4, max: 0.999, noNaN: true }), (seed, alpha) => {
      const x = standardGamma(createRng(seed), alpha);
      assert.is(x, Math.exp(logStandardGamma(createRng(seed), alpha)));
    }),
  );
});

test("for alpha >= 1, logStandardGamma is log of standardGamma on the same stream", () => {
  fc.assert(
    fc.property(fc.integer(), fc.double({ min: 1, max: 1e6, noNaN: true }), (seed, alpha) => {
      const x = standardGamma(createRng(seed), alpha);
      assert.is(logStandardGamma(createRng(seed), alpha), Math.log(x));
    }),
  );
});

test("draws are positive and finite over alpha in [1e-3, 1e8] (log draws finite down to alpha = 1e-300)", () => {
  fc.assert(
    fc.property(fc.integer(), fc.double({ min: -3, max: 8, noNaN: true }), (seed, e) => {
      const alpha = 10 ** e;
      const rng = createRng(seed);
      const x = standardGamma(rng, alpha);
      assert.ok(x >= 0 && x < Infinity);
      if (alpha >= 0.01) assert.ok(x > 0, `alpha ${alpha}: ${x}`);
      assert.ok(Number.isFinite(logStandardGamma(rng, alpha)));
    }),
  );
  const rng = createRng(4);
  for (const alpha of [1e-300, 1e-100, 1e-10]) assert.ok(Number.isFinite(logStandardGamma(rng, alpha)), `alpha ${alpha}`);
});

test("alpha must be finite and positive: RangeError naming alpha", () => {
  const rng = createRng(1);
  for (const alpha of [0, -1, NaN, Infinity, -Infinity]) {
    for (const f of [standardGamma, logStandardGamma]) {
      assert.throws(() => f(rng, alpha), (e: unknown) => e instanceof RangeError && /alpha/.test(String(e)));
    }
  }
});

test("the same seed gives the same gamma draws", () => {
  const a = createRng(12);
  const b = createRng(12);
  for (const alpha of [0.1, 1, 7.5, 0.1, 300]) assert.is(standardGamma(a, alpha), standardGamma(b, alpha));
});

test.run();
