// Kolmogorov-Smirnov fits of the gamma and beta samplers against the exact CDFs of the special layer
// (gammainc = P(a, x), betainc = I_x(a, b), scipy argument order). Kept apart from gamma/beta.test.ts because
// it depends on src/special. Harness helpers: test/helpers/ks.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { betaInto, createRng, logStandardGamma, standardGamma } from "../../src/random/index.ts";
import { betainc, gammainc, lbeta, lgamma } from "../../src/special/index.ts";
import { ksCritical, ksStatistic } from "../helpers/ks.ts";

const N = 20_000;
const CRIT = ksCritical(N);

function gammaDraws(seed: number, alpha: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: N }, () => standardGamma(rng, alpha));
}

function betaDraws(seed: number, a: number, b: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(3);
  return Float64Array.from({ length: N }, () => (betaInto(out, rng, a, b), out[0]!));
}

for (const [k, alpha] of [0.01, 0.5, 1, 2.5, 30].entries()) {
  test(`Gamma(${alpha}) draws pass a KS test against gammainc (n = 20000, level 0.001)`, () => {
    const d = ksStatistic(gammaDraws(700 + k, alpha), (x) => gammainc(alpha, x));
    assert.ok(d < CRIT, `D = ${d}, critical ${CRIT}`);
  });
}

test("log Gamma(1e-3) draws pass a KS test against P(a, e^s), where e^s underflows for most draws", () => {
  const a = 1e-3;
  const rng = createRng(710);
  const logs = Float64Array.from({ length: N }, () => logStandardGamma(rng, a));
  // P(a, x) = x^a / Gamma(1 + a) (1 + O(x)): below x = e^-700 the leading term is exact in double precision.
  const lg = lgamma(1 + a);
  const cdf = (s: number): number => (s < -700 ? Math.exp(a * s - lg) : gammainc(a, Math.exp(s)));
  const d = ksStatistic(logs, cdf);
  assert.ok(d < CRIT, `D = ${d}, critical ${CRIT}`);
});

for (const [k, [a, b]] of ([[0.5, 0.5], [2, 5], [10, 10], [0.1, 3]] as const).entries()) {
  test(`Beta(${a}, ${b}) draws pass a KS test against betainc (n = 20000, level 0.001)`, () => {
    const d = ksStatistic(betaDraws(720 + k, a, b), (z) => betainc(a, b, z));
    assert.ok(d < CRIT, `D = ${d}, critical ${CRIT}`);
  });
}

test("Beta(0.01, 0.01) log-odds log z - log(1 - z) pass a KS test against the exact law", () => {
  // In z itself the test is meaningless here: about a third of the mass has 1 - z < 2^-53, where no double
  // lies. In log-odds t both tails are resolved: F(t) = I_x(a, b) with x = 1 / (1 + e^-t) for t <= 0, and
  // 1 - I_y(b, a) with y = 1 - x for t > 0. Below e^-700, I_x(a, b) = x^a / (a B(a, b)) (1 + O(x)) exactly.
  const a = 0.01;
  const b = 0.01;
  const lb = lbeta(a, b);
  const smallSide = (p: number, q: number, logX: number): number =>
    logX < -700 ? Math.exp(p * logX - Math.log(p) - lb) : betainc(p, q, Math.exp(logX));
  const cdf = (t: number): number => {
    const logSmall = -Math.abs(t) - Math.log1p(Math.exp(-Math.abs(t))); // log of the smaller of x, 1 - x
    return t <= 0 ? smallSide(a, b, logSmall) : 1 - smallSide(b, a, logSmall);
  };
  const rng = createRng(724);
  const out = new Float64Array(3);
  const logOdds = Float64Array.from({ length: N }, () => (betaInto(out, rng, a, b), out[1]! - out[2]!));
  const d = ksStatistic(logOdds, cdf);
  assert.ok(d < CRIT, `D = ${d}, critical ${CRIT}`);
});

test("the KS harness rejects Gamma(2) draws against the Gamma(2.2) CDF", () => {
  const d = ksStatistic(gammaDraws(730, 2), (x) => gammainc(2.2, x));
  assert.ok(d > CRIT, `D = ${d}, critical ${CRIT}`);
});

test("the KS harness rejects Beta(2, 5) draws against the Beta(2, 5.5) CDF", () => {
  const d = ksStatistic(betaDraws(731, 2, 5), (z) => betainc(2, 5.5, z));
  assert.ok(d > CRIT, `D = ${d}, critical ${CRIT}`);
});

test.run();
