// Binomial(n, p) draws, and the log-pmf kernel that their rejection step and distributions/binomial.ts share:
// inversion when n·min(p, 1-p) < 10, Hörmann's transformed rejection (BTRS) otherwise. Called by
// distributions/binomial.ts and tests. Uses poisson.ts's bd0; read categorical.ts next.
import { LOG_SQRT_2PI, lgamma, lgammaStirlingError } from "../special/index.ts";
import { check, checkInteger, checkNumber } from "../check.ts";
import { bd0 } from "./poisson.ts";
import { checkRng, type Rng } from "./rng.ts";

/**
 * log P(k; n, p) = log C(n, k) + k log p + (n - k) log q for integers 0 <= k <= n, from p, q = 1 - p and their
 * logarithms (the logits form passes σ(θ), σ(-θ), -softplus(-θ), -softplus(θ), exact where p or q underflows).
 * The edges are single terms: log P(0) = n log q, log P(n) = n log p (0 when n = 0).
 *
 * Method: n < 20 by the textbook sum log Γ(n+1) - log Γ(k+1) - log Γ(n-k+1) + k log p + (n-k) log q (its
 * terms stay below ~100 in the bulk, where the result is below -1: at most ~2 digits cancel). Otherwise, for
 * 0 < k < n, Loader's saddle-point form μ(n) - μ(k) - μ(n-k) - log √(2π k(n-k)/n) - bd0(k, np) - bd0(n-k, nq),
 * μ the Stirling remainder: every term is O(1) near the mode, where the textbook sum cancels terms of size
 * n log n (9 digits lost at n = 1e9), and the deviances see p and q, never a rounded 1 - p, with n·p and n·q
 * as exact double-doubles.
 * Accuracy: relative error <= 4.4e-15 on the 713 probs rows of test/fixtures/discrete.json (n to 1e15, p from
 * 1e-300 to 1 - 1e-16); for logits the rounding of σ(θ) adds up to 2^-52·|k - np| (see
 * test/distributions/binomial.test.ts).
 * Source: C. Loader, "Fast and accurate computation of binomial probabilities", 2000 (R's `dbinom_raw`).
 */
export function binomialLogPmf(k: number, n: number, p: number, q: number, logP: number, logQ: number): number {
  if (k === 0) return n === 0 ? 0 : n * logQ;
  if (k === n) return n * logP;
  if (n < 20) return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * logP + (n - k) * logQ;
  // The expected counts n·p and n·q as exact double-doubles: n times the smaller probability (the one known to
  // full relative precision: 1 - p is exact for p >= 1/2, and σ(-θ) is accurate where σ(θ) rounds to 1), and n
  // minus that. Rounding n·p to a double would cost |k - np|·2^-53 in log P: 1e-8 at n = 1e15.
  const small = p <= q ? p : q;
  const sHi = n * small, sLo = twoProductLow(n, small, sHi);
  const oHi = n - sHi, oLo = n - oHi - sHi - sLo; // n - sHi is exact or off by its own rounding, recovered here
  const m = n - k, logN = Math.log(n);
  const lc = lgammaStirlingError(n) - lgammaStirlingError(k) - lgammaStirlingError(m) - LOG_SQRT_2PI - 0.5 * Math.log((k * m) / n);
  return p <= q
    ? lc - bd0(k, sHi, sLo, logN + logP) - bd0(m, oHi, oLo, logN + logQ)
    : lc - bd0(k, oHi, oLo, logN + logP) - bd0(m, sHi, sLo, logN + logQ);
}

/** The rounding error of a·b given its rounded value ab: a·b = ab + err exactly (Dekker's product, Veltkamp splits). */
function twoProductLow(a: number, b: number, ab: number): number {
  const ca = 134217729 * a, cb = 134217729 * b; // 2^27 + 1
  const aHi = ca - (ca - a), aLo = a - aHi, bHi = cb - (cb - b), bLo = b - bHi;
  return aHi * bHi - ab + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** Below this n·min(p, q), inversion (expected n·p + 1 steps); from it on, BTRS (at most ~1.35 tries, any n). */
const BTRS_MIN = 10;

/**
 * A draw from Binomial(n, p): k = 0..n with probability C(n, k) p^k (1 - p)^(n-k).
 *
 * Method: by symmetry a draw for p > 1/2 is n minus a draw for 1 - p (exact in binary64 there), so p <= 1/2
 * below. n·p < 10: inversion by sequential search from k = 0 (P(0) = q^n >= e^-14, the next term by
 * P(k) = P(k-1)·(n-k+1)/k·p/q), n·p + 1 steps on average; should rounding leave the running sum short of U the
 * draw restarts. n·p >= 10: Hörmann's BTRS, transformed rejection with a squeeze: two uniforms per try, 1.35 tries
 * on average at n·p = 10 falling to 1.13 for large n·p (measured: 2.69 and 2.26 uniforms per draw,
 * test/random/binomial.test.ts), most accepted by the squeeze, the rest by comparing with
 * log P(k) - log P(mode) ({@link binomialLogPmf}, accurate at any n). p = 0 gives 0, p = 1 gives n.
 *
 * Source: W. Hörmann, "The generation of binomial random variates", J. Statist. Comput. Simul. 46, 101-110, 1993
 * (algorithm BTRS, its constants); inversion as in L. Devroye, "Non-Uniform Random Variate Generation",
 * Springer 1986, X.4.
 *
 * @throws TypeError unless n and p are numbers; RangeError unless n is an integer in [0, 2^53) and 0 <= p <= 1.
 */
export function binomial(rng: Rng, n: number, p: number): number {
  checkRng(rng, "binomial");
  checkInteger(n, "n", 0, Number.MAX_SAFE_INTEGER, "binomial");
  checkNumber(p, "p", "binomial");
  check(p >= 0 && p <= 1, "p", "in [0, 1]", p, "binomial");
  if (p > 0.5) return n - binomialLower(rng, n, 1 - p, p);
  return binomialLower(rng, n, p, 1 - p);
}

/** A draw for p <= 1/2, q = 1 - p (validated by the caller). */
function binomialLower(rng: Rng, n: number, p: number, q: number): number {
  if (p === 0 || n === 0) return 0;
  return n * p < BTRS_MIN ? binomialInversion(rng, n, p, q) : binomialBtrs(rng, n, p, q);
}

/** Sequential-search inversion for n·p < 10, p <= 1/2. */
function binomialInversion(rng: Rng, n: number, p: number, q: number): number {
  const p0 = Math.exp(n * Math.log1p(-p)), r = p / q;
  for (;;) {
    let u = rng.uniform(), f = p0, k = 0;
    while (u >= f) {
      u -= f;
      k++;
      f *= ((n - k + 1) / k) * r;
      if (f === 0 || k > n) break; // the pmf summed short of U by rounding: draw again
    }
    if (u < f) return k;
  }
}

/** Hörmann's BTRS for n·p >= 10, p <= 1/2. */
function binomialBtrs(rng: Rng, n: number, p: number, q: number): number {
  // The hat's constants, as Hörmann fits them to n and p.
  const spq = Math.sqrt(n * p * q), b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5, vr = 0.92 - 4.2 / b, logAlpha = Math.log((2.83 + 5.1 / b) * spq);
  const logP = Math.log(p), logQ = Math.log1p(-p);
  const mode = Math.floor((n + 1) * p), logPmfMode = binomialLogPmf(mode, n, p, q, logP, logQ);
  for (;;) {
    const u = rng.uniform() - 0.5, v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    // The squeeze: inside this box the hat lies under the pmf.
    if (us >= 0.07 && v <= vr) return k;
    // v·α / (a/us² + b) is the hat's height at k, relative to the pmf's mode, scaled by v: accept below P(k)/P(mode).
    if (Math.log(v) + logAlpha - Math.log(a / (us * us) + b) <= binomialLogPmf(k, n, p, q, logP, logQ) - logPmfMode) return k;
  }
}

// Performance notes: Loader's form costs about 2.4x the textbook sum per evaluation (599 against 254 ns over 1e5
// counts of Binomial(40, 0.3), both in one process on the shared, loaded 2-core machine; an ad-hoc loop, not a
// bench/ case), most of it in log1pmx's series and the three Stirling remainders: hence the textbook sum below
// n = 20, where it loses nothing that matters.
