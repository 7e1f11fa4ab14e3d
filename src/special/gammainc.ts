// Regularized incomplete gamma P(a, x) and Q(a, x) = 1 - P, and the pieces they are built from: the prefactor
// x^a e^-x / Γ(a), the Stirling remainder of log Γ, log1p(t) - t, and the series and continued fraction
// (gamma-grad.ts carries their derivatives in a through the same recurrences). Called by gamma-grad.ts, gamma-temme.ts,
// betainc.ts (log1pmx, lgammaStirlingError) and users through special/index.ts (no distribution has a CDF yet).
// Read gamma-grad.ts next.
import { checkNumber } from "../check.ts";
import { LOG_SQRT_2PI, STIRLING_MIN, lgamma, lgammaOnePlus, stirlingSeries } from "./lgamma.ts";
import { gammaincTemme, useTemme } from "./gamma-temme.ts";

// Stopping rule, written as a literal: a value stops at 2 ** -53 (the unit roundoff) relative change (gamma-grad.ts's
// derivatives at 2 ** -50 = 8 · 2^-53: once converged they still change by a few ulp per step from rounding in the
// recurrence, so asking for 2^-53 would run to the iteration cap).

/**
 * log(1 + t) - t, accurate for t near 0 where the direct form cancels.
 *
 * **Method**: for -0.5 <= t <= 1, with s = t / (2 + t) (so log1p(t) = 2 atanh(s) and t - 2s = t s),
 * log1p(t) - t = -t s + 2 s^3 (1/3 + s^2/5 + s^4/7 + ...), |s| <= 1/3, summed until the terms stop counting;
 * elsewhere Math.log1p(t) - t, which loses at most a few bits there.
 * **Accuracy**: a few ulp relative (the series has no cancellation: both parts have the sign of -t^2 for t < 0 and
 * the second is at most 1/12 of the first for t > 0).
 */
export function log1pmx(t: number): number {
  checkNumber(t, "t", "log1pmx");
  if (!(t >= -0.5 && t <= 1)) return t === Infinity ? -Infinity : Math.log1p(t) - t; // (∞ - ∞ would be NaN)
  const s = t / (2 + t);
  const s2 = s * s;
  let pow = s2; // s^(2k)
  let sum = 1 / 3;
  for (let k = 2; k < 40; k++) {
    const term = pow / (2 * k + 1);
    sum += term;
    if (term <= 2 ** -53 * sum) break;
    pow *= s2;
  }
  return -t * s + 2 * s * s2 * sum;
}

/**
 * The Stirling remainder μ(a) = log Γ(a) - ((a - 1/2) log a - a + log(2π)/2) for every a > 0: lgamma.ts's
 * `lgammaCorrection` (a >= 10) extended below 10.
 *
 * Prefactors such as x^a e^-x / Γ(a) are evaluated as sqrt(a / 2π) exp(a log1pmx((x-a)/a) - μ(a)), which keeps
 * their exponent O(1) instead of the difference of two numbers of size a log a (log Γ(1e4) ≈ 8.2e4 carries an
 * absolute rounding error of ~1e-11 on its own).
 *
 * **Method**: a >= 10: `lgammaCorrection` (Stirling series). a < 10: lgamma(a) minus the Stirling terms, where
 * none of them is large.
 * **Accuracy**: absolute error < 1e-16 for a >= 10; a few ulp of max(|lgamma(a)|, |a log a|) below.
 * **Source**: DLMF 5.11.1; the same split as TOMS 708 (`bcorr`) and R (`lgammacor`).
 */
export function lgammaStirlingError(a: number): number {
  checkNumber(a, "a", "lgammaStirlingError");
  if (a >= STIRLING_MIN) return stirlingSeries(a);
  return lgamma(a) - ((a - 0.5) * Math.log(a) - a + LOG_SQRT_2PI);
}

/**
 * log(x^a e^-x / Γ(a)) for a > 0, x > 0: the prefactor shared by P (series) and Q (continued fraction), and
 * x times the Gamma(a, 1) density.
 *
 * **Method**: a < 10: a log x - x - lgamma(a) (all terms moderate). a >= 10: log(a / 2π)/2 + a log1pmx((x-a)/a) - μ(a),
 * where x - a is exact near the mode (Sterbenz), so the error stays a few ulp of the O(1) result (for x < a/2,
 * log(x/a) - (x-a)/a instead of log1pmx, which would need 1 + t to more digits than t carries).
 * **Accuracy**: absolute error ~1e-15 in the bulk (relative ~1e-15 in exp of it); grows like |x - a| ulp far out.
 */
function logGammaPrefix(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - lgamma(a);
  const t = (x - a) / a;
  // far below the mode 1 + t = x/a would lose digits to the rounding of t: take log(x/a) from x/a itself
  const l = t >= -0.5 ? log1pmx(t) : Math.log(x / a) - t;
  return 0.5 * Math.log(a) - LOG_SQRT_2PI + a * l - lgammaStirlingError(a);
}

/**
 * x^a e^-x / Γ(a + shift) for shift = 0 (the fraction's prefactor) or 1 (the series'), for gammainc/gammaincc.
 * For a < 10 as Math.pow(x, a) · Math.exp(-x) / exp(lgamma(a + shift)) while those stay normal: exp of the log
 * form would carry the rounding of a log x - x (up to ~7e-14 relative at exponents near -700), the factors only
 * an ulp or so each; and Γ(a + 1) rather than a Γ(a) keeps tiny a clear of lgamma(a) ≈ -log a (~7 ulp at 1e-3).
 * Otherwise exp(logGammaPrefix(a, x)) / (shift ? a : 1).
 */
function gammaPrefix(a: number, x: number, shift: 0 | 1): number {
  if (a < 10) {
    const xa = Math.pow(x, a);
    const t = xa * Math.exp(-x);
    // t a normal double; x^a <= 2^1000 leaves room for the division by Γ(a + 1) <= Γ(11)
    if (t >= 2 ** -1022 && xa <= 2 ** 1000) return t / Math.exp(lgamma(a + shift));
  }
  const p = Math.exp(logGammaPrefix(a, x));
  return shift ? p / a : p;
}

/** Whether P(a, x) is defined here: a positive and finite, x >= 0 (false if either is NaN). */
export function gammaincDomain(a: number, x: number): boolean {
  return a > 0 && a < Infinity && x >= 0;
}

/**
 * Iteration cap of the incomplete-gamma series and continued fraction. Near x ≈ a both need O(sqrt(a)) steps (the
 * series terms fall like exp(-n^2 / 2a)), but there, for a >= 20, callers use Temme's expansion (gamma-temme.ts);
 * what is left converges geometrically: at most ~100 steps for a < 20 or |x/a - 1| > 0.4, ~300 for a < 1 with the
 * fraction at x = 0.25 (measured over the test fixtures and the extremes). The cap bounds the cost of every call.
 */
export const GAMMA_MAX_ITER = 2000;

/**
 * The series S = Σ_{n>=0} x^n / ((a+1)(a+2)...(a+n)), so that P(a, x) = x^a e^-x / Γ(a+1) · S (DLMF 8.7.1). All
 * terms are positive; used for x < a + 1 where it converges at least geometrically. Terms t_n = t_(n-1) x / (a + n);
 * the loop stops when the value has stopped moving. (gamma-grad.ts carries ∂S/∂a through the same terms.)
 */
export function lowerGammaSeries(a: number, x: number): number {
  let t = 1, s = 1;
  for (let n = 1; n < GAMMA_MAX_ITER; n++) {
    t *= x * (1 / (a + n)); // x·(1/(a+n)), not x/(a+n): the rounding the value had when the derivative shared this loop
    s += t;
    if (t <= 2 ** -53 * s) break;
  }
  return s;
}

/**
 * Legendre's continued fraction F = 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...))), so that
 * Q(a, x) = x^a e^-x / Γ(a) · F (DLMF 8.9.2). Used for x >= a + 1 (and by gammaincc for a < 1, x >= 0.25). Stops
 * when the value has stopped moving (2^-53 relative change).
 *
 * Evaluated by the Wallis recurrences A_n = b_n A_(n-1) + a_n A_(n-2) (same for B), F = A_n / B_n, rescaled every
 * step so that B_n = 1: the state is f = A_n/B_n, p = A_(n-1)/B_n, u = B_(n-1)/B_n. Partial numerators
 * a_(n+1) = -n(n - a), denominators b_(n+1) = x + 2n + 1 - a. (gamma-grad.ts carries ∂F/∂a through the same
 * recurrence: being linear in (A, B), unlike Lentz's method, it differentiates cleanly.) Lentz's guard against a
 * zero denominator is not needed: over 2e5 random (a, x) from both regions of use (a in [1e-3, 1e4]) every ratio
 * B_(n+1) / B_n was >= 0.25.
 */
export function upperGammaFraction(a: number, x: number): number {
  // A_0 = 0, B_0 = 1, A_1 = 1, B_1 = x + 1 - a, rescaled by B_1.
  let u = 1 / (x + 1 - a);
  let f = u, p = 0;
  for (let n = 1; n < GAMMA_MAX_ITER; n++) {
    const an = -n * (n - a);
    const bn = x + 2 * n + 1 - a;
    const s = 1 / (bn + an * u); // 1 / B_(n+1), with B_n = 1
    const fNew = (bn * f + an * p) * s;
    p = f * s;
    u = s;
    const done = Math.abs(fNew - f) <= 2 ** -53 * Math.abs(fNew);
    f = fNew;
    if (done) break;
  }
  return f;
}

/**
 * Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a) = (1/Γ(a)) ∫_0^x t^(a-1) e^-t dt; argument order as
 * scipy.special.gammainc. d/dx = x^(a-1) e^-x / Γ(a); d/da: see gamma-grad.ts.
 *
 * **Method**: a >= 20 and |x/a - 1| <= 0.4: Temme's uniform asymptotic expansion (`gammaincTemme`,
 * gamma-temme.ts), bounded cost. Otherwise x < a + 1: the positive series `lowerGammaSeries`; else 1 - Q with Q from
 * Legendre's continued fraction `upperGammaFraction` (there P >= ~1/2, so the subtraction is harmless). The prefactor x^a e^-x / Γ(a) is
 * a product of powers for a < 10 and otherwise exp of `logGammaPrefix` (Stirling form, exponent O(1) near the
 * mode).
 * **Domain and cost**: every double pair; at most GAMMA_MAX_ITER = 2000 steps (measured need <= ~300) or one Temme
 * evaluation. Edge cases: x = 0 -> 0, x = +Inf -> 1, a <= 0, a = +Inf, x < 0 or NaN -> NaN.
 * **Accuracy** (max relative error against mpmath at 40 digits): 4.5e-15 at the Gamma(a, 1) quantiles 1e-6 ...
 * 1-1e-6 for 25 a in [1e-3, 1e4] (211 points, test/fixtures/incomplete-gamma.json); on 3000 random (a, x), a
 * log-uniform in [1e-3, 1e4]: 8.9e-15 where P > 1e-10, 1.4e-13 overall (at P ≈ 1e-236, where the rounding of the
 * exponent itself, ~|log P| ulp, dominates); 3.6e-15 at the quantiles of a in [1e-6, 1e8]
 * (test/fixtures/incomplete-wide.json; 1.4e-13 there before the Temme branch).
 * **Source**: DLMF 8.7.1, 8.9.2; Numerical Recipes 6.2 (series / fraction split at x = a + 1); Cephes `igam`.
 */
export function gammainc(a: number, x: number): number {
  checkNumber(a, "a", "gammainc");
  checkNumber(x, "x", "gammainc");
  return incompleteGamma(a, x, false);
}

/**
 * Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a) = 1 - P(a, x), computed directly where it is small;
 * argument order as scipy.special.gammaincc.
 *
 * **Method**: x >= a + 1: Legendre's continued fraction directly (Q is the small one there). Also for a < 1 and
 * x >= 0.25 when Q < 0.01 (P > 0.99 from the series), where Q ≈ a E1(x) is small for small a (2e-4 at a = 1e-3,
 * x = 1) and 1 - P would cost eps / Q relative; the fraction takes up to ~300 steps there (x = 0.25), and is
 * no better than a few 1e-14 at such small x, which is why a larger Q is taken as 1 - P (7.6e-14 from the
 * fraction against 1e-15 from 1 - P at a = 0.1, x = 0.3, Q = 0.09; found by the P + Q = 1 property test).
 * For a < 1 and x <= 1, Q directly by `upperGammaSmallA` (1 - P returned 1.8e284 times the answer at a = 1e-300,
 * x = 0.1, and 1.6e-11 relative error for a < 1e-3, x < 0.25). Otherwise 1 - P from the series.
 * Domain, cost and edge cases as `gammainc`: x = 0 -> 1, x = +Inf -> 0, a <= 0, x < 0 or NaN -> NaN.
 * **Accuracy** (as for `gammainc`): 3.3e-14 on the 211 quantile points (upper tails down to 1e-6 included);
 * 1.9e-13 on the 3000 random points before the small-a branch; 9.1e-15 at the quantiles of a in [1e-6, 1e8] and
 * 1.6e-15 on the small-a table (a in [1e-300, 0.9], x in [1e-300, 1]; test/fixtures/incomplete-wide.json).
 * **Source**: as `gammainc`.
 */
export function gammaincc(a: number, x: number): number {
  checkNumber(a, "a", "gammaincc");
  checkNumber(x, "x", "gammaincc");
  return incompleteGamma(a, x, true);
}

/**
 * Q(a, x) for a < 1, x <= 1, where it may be small (Q ≈ a (-log x - γ) as a -> 0) and 1 - P would lose
 * eps / Q: Q = 1 - u - u a Σ_(n>=1) (-x)^n / (n! (a + n)) with u = x^a / Γ(1 + a) (DLMF 8.7.1 termwise), the
 * first part as -expm1(a log x - log Γ(1 + a)). For small a both parts are positive (no cancellation); the
 * alternating sum needs at most ~20 terms at x = 1.
 * **Source**: the same split as Boost.Math `tgamma_small_upper_part` and TOMS 654 (DiDonato & Morris 1986).
 */
function upperGammaSmallA(a: number, x: number): number {
  const l = a * Math.log(x) - lgammaOnePlus(a);
  let t = 1, s = 0;
  for (let n = 1; n < 40; n++) {
    t *= -x / n;
    const term = t / (a + n);
    s += term;
    if (Math.abs(term) <= 2 ** -53 * Math.abs(s)) break;
  }
  return -Math.expm1(l) - Math.exp(l) * a * s;
}

/** P(a, x), or Q(a, x) when upper: the shared body of gammainc and gammaincc. */
function incompleteGamma(a: number, x: number, upper: boolean): number {
  if (!gammaincDomain(a, x)) return NaN;
  if (x === 0) return upper ? 1 : 0;
  if (x === Infinity) return upper ? 0 : 1;
  if (useTemme(a, x)) {
    const small = gammaincTemme(a, x); // Q for x >= a, P below
    return (x >= a) === upper ? small : 1 - small;
  }
  if (upper && a < 1 && x <= 1) return upperGammaSmallA(a, x);
  if (x < a + 1) {
    const p = gammaPrefix(a, x, 1) * lowerGammaSeries(a, x);
    // Q = 1 - P is off by about 1e-16/Q, fine until Q is small. For a < 1 and x >= 0.25 a Q below 0.01 (a = 1e-3,
    // x = 0.3: Q = 9e-4) is better taken from the continued fraction, whose relative error there is a few 1e-14
    // (against mpmath); for larger Q that fraction is worse than 1 - P (7.6e-14 at a = 0.1, x = 0.3, Q = 0.09).
    if (!(upper && a < 1 && x >= 0.25 && p > 0.99)) return upper ? 1 - p : p;
  }
  const q = gammaPrefix(a, x, 0) * upperGammaFraction(a, x);
  return upper ? q : 1 - q;
}
