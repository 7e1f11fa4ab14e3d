// ψ(x) = d/dx lgamma(x) for every double x: the derivative autodiff's lgamma node records, and the kernel of the
// Gamma/Beta score functions. Follows Boost.Math's digamma (53-bit branch). Read trigamma.ts next (ψ').
import { checkNumber } from "../check.ts";

import { cotPi } from "./trigpi.ts";

/**
 * ψ(x) = d/dx log Γ(x) = Γ'(x)/Γ(x), the digamma function.  d/dx = ψ'(x) (trigamma).
 *
 * Special values: ψ(+∞) = +∞; NaN at -∞, at the negative integers (poles whose two one-sided limits, ±∞,
 * disagree) and for NaN. At zero the sign of the zero picks the side, as for 1/x: ψ(+0) = -∞ (the limit from
 * the right, and what ψ(x) ≈ -1/x gives for a positive x that underflowed to 0; scipy agrees), ψ(-0) = +∞.
 *
 * **Method** (Boost): for x >= 10, the asymptotic series ψ(x) = log x - 1/(2x) - Σ B_2k / (2k x^2k), truncated
 * after B16. For -1 < x < 10, shift into [1, 2] with ψ(x) = ψ(x + 1) - 1/x (x < 1, twice for x < 0) or
 * ψ(x) = ψ(x - 1) + 1/(x - 1) (x > 2; every x - 1 exact), then
 * ψ(x) = (x - x0)(Y + R(x - 1)) with x0 the positive root split in two parts, so that ψ keeps its relative
 * precision next to x0. For x <= -1, the reflection formula ψ(x) = ψ(1 - x) - π·cot(πx), with cot(πx) from
 * {@link cotPi} (exact argument reduction).
 *
 * **Accuracy** (measured against mpmath at 40 digits on test/fixtures/special.json; see
 * test/special/digamma.test.ts):
 * - x in [1e-300, 1e300] (2307 points): relative error <= 3.7e-16;
 * - within 1e-9..1e-3 of 1 and of 2 (196 points): relative error <= 5.8e-16;
 * - within 1e-9..1e-3 of the root and at the three doubles nearest it, where |ψ| is down to 9.2e-17 (101
 *   points): relative error <= 2.1e-16;
 * - x in [-200, 0) (1300 points, poles approached to 1e-12): |error| / max(1, |ψ|) <= 1.3e-15 (the relative
 *   error reaches 1.6e-14 next to ψ's negative zeros).
 *
 * **Source**: Boost.Math `digamma.hpp` (J. Maddock, 2006): `digamma_imp_1_2` coefficients for 53 bits and the
 * interval logic; asymptotic series from Abramowitz & Stegun 6.3.18; reflection as in Cephes `psi`.
 */
export function digamma(x: number): number {
  checkNumber(x, "x", "digamma");
  // On (-1, 0) two steps of the recurrence suffice and, unlike π·cot(πx), never meet a subnormal for tiny x;
  // x + 1 may round, but that moves ψ(x + 1) by at most ψ'·ulp, negligible against -1/x. At ±0, -1/x gives ∓∞.
  if (x > -1) return digammaShifted(x);
  if (!(x > -Infinity) || Math.floor(x) === x) return NaN; // NaN, -∞, a pole
  return digammaShifted(1 - x) - Math.PI * cotPi(x);
}

/** ψ(x) for -1 < x <= ∞: the asymptotic series from 10 on, else the recurrence into [1, 2]. */
function digammaShifted(x: number): number {
  // From x = 10 (lgamma.ts's STIRLING_MIN, as a literal: see Performance notes) on the asymptotic
  // series is used; there its first omitted term, B18/(18 x^18), is 3e-18.
  if (x >= 10) {
    // ψ(x) = log x - 1/(2x) - Σ B_2k / (2k x^2k) (Abramowitz & Stegun 6.3.18), B_2k the Bernoulli numbers.
    return Math.log(x) - 0.5 / x - digammaSeriesTail(1 / (x * x));
  }
  let acc = 0;
  while (x < 1) {
    acc -= 1 / x;
    x += 1;
  }
  while (x > 2) {
    x -= 1;
    acc += 1 / x;
  }
  // x in [1, 2]: ψ(x) = (x - x0)·(Y + P(x - 1)/Q(x - 1)); Boost digamma_imp_1_2 (53-bit): max deviation 1.5e-18.
  // ψ's positive root x0 = 1.46163214496836234126… is split as ROOT_HI + ROOT_LO (ROOT_HI = 1.4616321449683622,
  // x0 rounded to double; ROOT_LO = 9.549995429965697e-17, the rest rounded; |x0 - ROOT_HI - ROOT_LO| ≈ 3e-33).
  // x - ROOT_HI is exact for x in [1, 2] (Sterbenz), so (x - ROOT_HI) - ROOT_LO carries x - x0 to ~1e-32 and ψ
  // keeps its relative precision at the root.
  const g = x - 1.4616321449683622 - 9.549995429965697e-17;
  const t = x - 1;
  // Boost's P0…P5, Q1…Q6 (Q0 = 1).
  const p = 0.25479851061131551 + t * (-0.32555031186804491 + t * (-0.65031853770896507 +
    t * (-0.28919126444774784 + t * (-0.045251321448739056 + t * -0.0020713321167745952))));
  const q = 1 + t * (2.0767117023730469 + t * (1.4606242909763515 + t * (0.43593529692665969 +
    t * (0.054151797245674225 + t * (0.0021284987017821144 + t * -0.55789841321675513e-6)))));
  // Boost's Y = 0.99558162689208984375: a short constant close to ψ'(x0) = 0.9676…, so that P/Q only corrects it.
  return acc + (g * 0.99558162689208984375 + g * (p / q));
}

/**
 * Σ_(k=1..8) B_2k / (2k x^2k) from w2 = 1/x², so that ψ(x) = log x - 1/(2x) - digammaSeriesTail(1/x²) for x >= 10
 * (Abramowitz & Stegun 6.3.18), where the first omitted term, B18/(18 x^18), is 3e-18. B_2k/(2k):
 * B2/2 = (1/6)/2, B4/4 = (-1/30)/4, B6/6 = (1/42)/6, B8/8 = (-1/30)/8, B10/10 = (5/66)/10, B12/12 = (-691/2730)/12,
 * B14/14 = (7/6)/14, B16/16 = (-3617/510)/16. Shared with gamma-grad.ts, whose series ends at ψ(a + n + 1).
 */
export function digammaSeriesTail(w2: number): number {
  return w2 * (1 / 12 + w2 * (-1 / 120 + w2 * (1 / 252 + w2 * (-1 / 240 + w2 * (1 / 132 + w2 * (-691 / 32760 +
    w2 * (1 / 12 + w2 * (-3617 / 8160))))))));
}

/**
 * ψ(x + h) - ψ(x) for x > 0, x + h > 0, without the cancellation of the plain difference when |h| << x (the
 * Beta partials need ψ(a + b) - ψ(b) at a/b down to 1e-8 and below, where the two digammas agree to 8+ digits).
 *
 * **Method**: the plain difference where it does not cancel (|h| >= x, or x < 10 and |h| >= x/10). Otherwise shift
 * both arguments by n = ceil(10 - min(x, x + h)) (if positive) with ψ(z) = ψ(z + n) - Σ 1/(z + j):
 * the shifted-out part is Σ_(j<n) h / ((x + j)(x + h + j)), terms of one sign. Then, with u = 1/x', v = 1/(x' + h)
 * (x' the shifted x), the asymptotic series of ψ gives the difference in closed form:
 * log1p(h/x') + h u v (1/2 + Σ_k B_2k/(2k) D_2k), D_m = (v^m - u^m)/(v - u) = Σ_(j<m) v^j u^(m-1-j)
 * (D_2k = (u + v) Σ_(j<k) v^2j u^(2(k-1-j)), eight steps of positive terms),
 * so every term carries its factor h exactly instead of losing it to cancellation.
 * **Accuracy**: a few ulp relative (the same truncation as digamma's series: B18 term below 3e-18 at x' >= 10).
 * **Source**: Abramowitz & Stegun 6.3.5 (recurrence), 6.3.18 (asymptotic series), differenced termwise.
 */
export function digammaDiff(x: number, h: number): number {
  checkNumber(x, "x", "digammaDiff");
  checkNumber(h, "h", "digammaDiff");
  // Where the plain difference keeps its digits (|h| >= x: the two differ by log 2 or so; x < 10 and |h| >= x/10:
  // by >= 0.09 with |ψ(x)| <= 10.5 for x >= 0.1, so at most ~1e-14 relative), take it: two digammas are cheaper
  // than the shifted series.
  // The series only inside its domain: for x <= 0 with h = NaN it would shift by ceil(10 - x) steps (a hang).
  if (x > 0 && x + h > 0 && !digammaDiffPlain(x, h)) return digammaDiffSeries(x, h);
  const d = digamma(x + h) - digamma(x);
  // Both digammas -∞ (x, x + h below ~5.6e-309): the difference, about h / (x (x + h)), overflows; h = 0 gives 0.
  return d === d || !(x > 0 && x + h > 0) ? d : h === 0 ? 0 : h * Infinity;
}

/** Whether digammaDiff(x, h) takes the plain difference ψ(x + h) - ψ(x) (shared with beta-grad.ts). */
export function digammaDiffPlain(x: number, h: number): boolean {
  return Math.abs(h) >= x || (x < 10 && Math.abs(h) >= 0.1 * x);
}

/** digammaDiff where the plain difference would cancel: the shifted, termwise-differenced series (unchecked). */
export function digammaDiffSeries(x: number, h: number): number {
  const lo = h < 0 ? x + h : x;
  let acc = 0;
  if (lo < 10) {
    const n = Math.ceil(10 - lo);
    for (let j = 0; j < n; j++) acc += h / (x + j) / (x + h + j);
    x += n;
  }
  const u = 1 / x, v = 1 / (x + h);
  // D_2k = (v^2k - u^2k)/(v - u) = (u + v) E_k, E_k = Σ_(j<k) w^j t^(k-1-j) (w = v², t = u²): E_(k+1) = w E_k + t^k,
  // eight steps of positive terms (no cancellation), written out with digammaSeriesTail's coefficients B_2k/(2k)
  const w = v * v, t = u * u;
  let e = 1, tk = t, s = 1 / 12;
  e = w * e + tk; tk *= t; s += -1 / 120 * e;
  e = w * e + tk; tk *= t; s += 1 / 252 * e;
  e = w * e + tk; tk *= t; s += -1 / 240 * e;
  e = w * e + tk; tk *= t; s += 1 / 132 * e;
  e = w * e + tk; tk *= t; s += -691 / 32760 * e;
  e = w * e + tk; tk *= t; s += 1 / 12 * e;
  e = w * e + tk; s += -3617 / 8160 * e;
  return acc + Math.log1p(h * u) + h * u * v * (0.5 + (u + v) * s);
}

// Performance notes. Coefficients are written inline in Horner form (as stdlib-js does): a loop over a table cost
// ~30% in speed (bench/special.bench.ts, digamma), and the nested form gzips no larger. STIRLING_MIN is written
// as the literal 10 in digammaShifted, the hot path, rather than imported. digammaDiff's branch test and series are
// functions of their own: beta-grad.ts's betaPartials calls them directly and shares ψ(p + q), where calling
// digammaDiff twice (too large for V8 to inline there) cost more: betaSampleGradInto at Beta(15.2, 14.8), 370 against
// 355 ns (CPU time, min of 9, scratch script, Node 20).
