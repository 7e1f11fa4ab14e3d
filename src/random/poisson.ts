// Poisson(rate) draws, and the log-pmf kernel that their rejection step and distributions/poisson.ts share:
// inversion for small rates, Hörmann's transformed rejection (PTRS) from rate 10 on. Called by
// distributions/poisson.ts and tests; binomial.ts reuses the saddle-point pieces (bd0). Read binomial.ts next.
import { LOG_SQRT_2PI, lgamma, lgammaStirlingError, log1pmx } from "../special/index.ts";
import { check, checkNumber } from "../check.ts";
import { checkRng, type Rng } from "./rng.ts";

/**
 * Loader's deviance term bd0(x, m) = x log(x/m) + m - x >= 0 for x > 0, m >= 0, where m = mHi + mLo may carry a
 * low part (binomial.ts passes n·p as an exact double-double) and log m comes as given (so that an m that
 * underflows, n·e^-800 say, still counts through its logarithm).
 *
 * Method: near the mode (m/x in [1/2, 2]) as -x·log1pmx(t), t = (m - x)/x with m - x exact (Sterbenz) plus the
 * low part, and log1pmx keeping full relative precision; elsewhere x(log x - log m) + m - x, whose terms cancel by
 * at most a factor 1/(1 - log 2) ≈ 3.3.
 * Source: C. Loader, "Fast and accurate computation of binomial probabilities", 2000 (R's `bd0`); the series here
 * is special/gammainc.ts's log1pmx rather than Loader's.
 */
export function bd0(x: number, mHi: number, mLo: number, logM: number): number {
  const t = (mHi - x + mLo) / x;
  if (t >= -0.5 && t <= 1) return -x * log1pmx(t);
  return x * (Math.log(x) - logM) + mHi - x;
}

/**
 * log P(k; λ) = k log λ - λ - log k! for an integer k >= 0 and λ >= 0 (log P(0; 0) = 0).
 *
 * Method: k < 20 by the textbook sum, whose terms stay below ~130 while near the mode the result is below -2 (so
 * at most ~2 digits cancel; far from the mode -λ or log k! dominates and nothing does). k >= 20 in Loader's
 * saddle-point form -bd0(k, λ) - log √(2π k) - μ(k), μ the Stirling remainder (lgammaStirlingError): there the
 * textbook sum cancels terms of size k log k down to O(1), losing log10(k) digits (7 at k = 1e6).
 * Accuracy: relative error <= 2.4e-15 on the 199 rows of test/fixtures/discrete.json (rates 0 and 1e-300..1e9,
 * counts to 1e10; test/distributions/poisson.test.ts).
 * Source: C. Loader (2000), as {@link bd0}; R's `dpois_raw`.
 */
export function poissonLogPmf(k: number, rate: number): number {
  if (k === 0) return -rate;
  if (rate === 0) return -Infinity;
  if (k < 20) return k * Math.log(rate) - rate - lgamma(k + 1);
  return -bd0(k, rate, 0, Math.log(rate)) - (0.5 * Math.log(k) + LOG_SQRT_2PI) - lgammaStirlingError(k);
}

/** Below this rate, inversion (expected rate + 1 steps); from it on, PTRS (at most ~1.33 tries, any rate). */
const PTRS_MIN = 10;

/**
 * A draw from Poisson(λ): k = 0, 1, 2, ... with probability λ^k e^-λ / k!.
 *
 * Method: λ < 10: inversion by sequential search from k = 0 (P(0) = e^-λ >= 4.5e-5, the next term by
 * P(k) = P(k-1)·λ/k), λ + 1 steps on average; should rounding leave the running sum short of U the draw restarts
 * (probability < 1e-15). λ >= 10: Hörmann's PTRS, transformed rejection with a squeeze; each try takes two
 * uniforms, and a draw takes 1.33 tries on average at λ = 10, falling to 1.12 from λ = 1e6 on (measured: 2.65 and
 * 2.25 uniforms per draw, test/random/poisson.test.ts); most are accepted by the squeeze, the rest by comparing
 * with the exact log P(k) ({@link poissonLogPmf}). λ = 0 gives 0.
 *
 * Source: W. Hörmann, "The transformed rejection method for generating Poisson random variables", Insurance:
 * Mathematics and Economics 12(1), 39-45, 1993 (algorithm PTRS, its constants); inversion as in L. Devroye,
 * "Non-Uniform Random Variate Generation", Springer 1986, X.3.
 *
 * @throws TypeError unless λ is a number; RangeError unless it is finite, >= 0 and < 2^52 (beyond, draws pass 2^53).
 */
export function poisson(rng: Rng, rate: number): number {
  checkRng(rng, "poisson");
  checkNumber(rate, "rate", "poisson");
  check(rate >= 0 && rate < 2 ** 52, "rate", "finite, >= 0 and < 2^52", rate, "poisson");
  return rate < PTRS_MIN ? poissonInversion(rng, rate) : poissonPtrs(rng, rate);
}

/** Sequential-search inversion for 0 <= λ < 10 (validated by the caller). */
function poissonInversion(rng: Rng, rate: number): number {
  const p0 = Math.exp(-rate);
  for (;;) {
    let u = rng.uniform(), p = p0, k = 0;
    while (u >= p) {
      u -= p;
      k++;
      p *= rate / k;
      if (p === 0) break; // the sum of the pmf fell short of U by rounding: draw again
    }
    if (p !== 0) return k;
  }
}

/** Hörmann's PTRS for λ >= 10 (validated by the caller). */
function poissonPtrs(rng: Rng, rate: number): number {
  // The hat's constants, as Hörmann fits them to λ.
  const s = Math.sqrt(rate), b = 0.931 + 2.53 * s, a = -0.059 + 0.02483 * b;
  const logAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4)), vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5, v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    // The squeeze: inside this box the hat lies under the pmf.
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    // v·α / (a/us² + b) is the hat's height at k scaled by v: accept below the pmf.
    if (Math.log(v) + logAlpha - Math.log(a / (us * us) + b) <= poissonLogPmf(k, rate)) return k;
  }
}

// Performance notes: the saddle-point form costs about 2-3x the textbook sum per evaluation (log1pmx's series and
// the Stirling remainder; see binomial.ts's note for the figure), hence the textbook sum for counts below 20.
