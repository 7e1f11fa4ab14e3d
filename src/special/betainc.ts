// Regularized incomplete beta I_x(a, b) and its complement, and the pieces they are built from: the prefactor
// x^a (1-x)^b / B(a, b), the choice between power series and continued fraction, the iteration cap, and the two
// expansions, each of which carries its partials in a and b along with its value, for beta-grad.ts.
// Called by beta-grad.ts (the expansions with their partials) and by users through special/index.ts (no
// distribution has a CDF yet). Read gammainc.ts first (log1pmx, the Stirling remainder),
// beta-grad.ts next.
import { checkNumber } from "../check.ts";
import { lgammaStirlingError, log1pmx } from "./gammainc.ts";
import { LOG_SQRT_2PI, lgammaOnePlus } from "./lgamma.ts";
import { lbeta } from "./lbeta.ts";
import { digamma } from "./digamma.ts";
import { BETA_LARGE_MIN, betaLargeInto, betaincOverflow, offsetFromMean } from "./beta-large.ts";

// Stopping rules, written as literals: a value stops at 2 ** -53 (the unit roundoff) relative change; a partial in
// the series at 2 ** -50 (= 8 · 2^-53): once converged, a tangent still changes by a few ulp per step from rounding
// in the recurrence, so asking for 2^-53 would run it to the iteration cap. (The fraction watches true increments,
// which do fall below 2^-53.)

/** Where the expansions leave ∂/∂a, ∂/∂b of their value, and beta-grad.ts its results: the caller's array. */
export type Out = Float64Array | number[];

/**
 * log(x^a y^b / B(a, b)) for y = 1 - x, given x, y and accurate logs of both (callers take them from the exact
 * input, log(x) and log1p(-x), or from a sampler's own log z and log(1-z)).
 *
 * **Method**: Stirling's formula for the three Γ's turns the prefactor into
 * sqrt(ab / (2π(a+b))) · (x/x0)^a (y/y0)^b · exp(μ(a+b) - μ(a) - μ(b)), x0 = a/(a+b), y0 = b/(a+b), μ the Stirling
 * remainder. With e = x - x0 taken from the smaller of x, y (so both u = e(a+b)/a and v = -e(a+b)/b inherit its
 * relative accuracy), a log(x/x0) + b log(y/y0) = a (log1p(u) - u) + b (log1p(v) - v) exactly, because a u + b v = 0;
 * each part is ≤ 0 (no cancellation) and is taken from `log1pmx` near the mean and from the given logs far from it.
 * This keeps the exponent O(1) where the naive a log x + b log y - lbeta(a, b) subtracts numbers of size
 * (a+b) log(a+b) (lbeta(1000, 1000) ≈ -1388 carries ~1e-13 absolute rounding error on its own).
 * **Accuracy**: absolute error a few 1e-16 near the mean, growing like (a+b)|x - x0| ulp into the tails (where
 * the value is exp of something large and negative anyway).
 * **Source**: DLMF 5.11.1; the same idea as TOMS 708 `brcomp` (DiDonato & Morris 1992) and Boost's
 * `ibeta_power_terms`.
 */
function betaincLogPrefix(a: number, b: number, x: number, y: number, logX: number, logY: number): number {
  const c = a + b;
  const e = x <= y ? x - a / c : b / c - y; // x - x0 from the smaller side
  const u = e * c / a;
  const v = -e * c / b;
  const pa = u >= -0.5 && u <= 1 ? log1pmx(u) : logX - Math.log(a / c) - u;
  const pb = v >= -0.5 && v <= 1 ? log1pmx(v) : logY - Math.log(b / c) - v;
  return 0.5 * Math.log(a / c * b) - LOG_SQRT_2PI + a * pa + b * pb +
    lgammaStirlingError(c) - lgammaStirlingError(a) - lgammaStirlingError(b);
}

/**
 * s^e for s = x or y: Math.pow(s, e) on the side <= 1/2, which callers hold exactly; exp(e log s) on the other,
 * whose float may carry the rounding of 1 - (small side) (b ulp in y^b), while its log came from log1p of the
 * exact side.
 */
function power(s: number, e: number, logS: number): number {
  return s <= 0.5 ? Math.pow(s, e) : Math.exp(e * logS);
}

/** Below this, a parameter counts as tiny for `logABeta` (its first-order forms are then exact to rounding). */
const TINY = 1e-8;

/**
 * log(a B(a, b)) = log(Γ(1 + a) Γ(b) / Γ(a + b)) when min(a, b) < 1e-8 (1e-2 for incbetComplement), where
 * lbeta(a, b) ≈ -log(min) would carry ~|log min| ulp of absolute rounding (7.7e-14 at 1e-300) into a result that
 * is O(1) or smaller.
 *
 * **Method**: with s = min(a, b), l = max(a, b) and L(z) = log Γ(1 + z),
 * log(a B(a, b)) = L(a) + L(b) - L(a + b) + log((a + b)/b); L(s) to full relative precision (lgammaOnePlus), and
 * L(l + s) - L(l) = ∫_0^s ψ(1 + l + t) dt by 3-point Gauss-Legendre (exact for a quintic; the rest, s^7 ψ^(6)/2016000
 * < 4e-4 s^7, is below 1e-17 s for s < 1e-2), every node's ψ to its own relative precision, so the whole keeps
 * ~1e-16 s absolute even against 1 - I ~ s, where the complement incbetComplement needs it (the Taylor form
 * s ψ(1 + l) + s² ψ'(1 + l)/2 it replaces left out s³ ψ''(1 + l)/6, 3e-11 relative in 1 - I at a = 0.01, b = 1e-6);
 * log((a + b)/b) = log1p(a/b) for b = l, log(l) - log(s) + log1p(s/l) for b = s (no overflow of a + b).
 */
function logABeta(a: number, b: number): number {
  const s = a < b ? a : b, l = a < b ? b : a;
  const ratio = b === l ? Math.log1p(a / b) : Math.log(l) - Math.log(s) + Math.log1p(s / l);
  const m = 1 + l + 0.5 * s, h = 0.5 * s, k = 0.7745966692414834 * h; // nodes m, m ± sqrt(3/5) h
  const lgammaStep = h * (5 / 9 * (digamma(m - k) + digamma(m + k)) + 8 / 9 * digamma(m)); // L(l + s) - L(l)
  return lgammaOnePlus(s) - lgammaStep + ratio;
}

/**
 * The prefactor in front of the expansion of I_x(a, b): x^a / (a B(a, b)) for the power series, x^a y^b / (a B(a, b))
 * for the continued fraction; same arguments as `betaincLogPrefix`. While |lbeta(a, b)| < 20 (so exp(lbeta) keeps
 * ~20 ulp or better) and the powers stay normal, as Math.pow products over exp(lbeta(a, b)): in the far tails the
 * log form would carry the rounding of a log x (8e-14 relative at x^a ≈ 1e-300), the powers an ulp each.
 * For min(a, b) < 1e-8, exp(a log x (+ b log y) - log(a B(a, b))) with `logABeta` (all terms small or exact).
 * Otherwise exp(betaincLogPrefix(...)) (times y^-b for the series), whose exponent stays O(1) near the mean for
 * any size of a, b.
 */
export function betaincPrefix(a: number, b: number, x: number, y: number, logX: number, logY: number,
  series: boolean): number {
  const k = a; // the 1/a of both forms
  if (a < TINY || b < TINY) return Math.exp(a * logX + (series ? 0 : b * logY) - logABeta(a, b));
  const lb = lbeta(a, b);
  if (Math.abs(lb) < 20) {
    const t = series ? power(x, a, logX) : power(x, a, logX) * power(y, b, logY);
    if (t >= 2 ** -1022) return t / Math.exp(lb) / k; // t a normal double
  }
  const l = betaincLogPrefix(a, b, x, y, logX, logY);
  return Math.exp(series ? l - b * logY : l) / k;
}

/**
 * The one region inside the domain where I_x(a, b) and its partials are NaN, as documented: x < 2^-53 at or past
 * the mirroring point (x (b + 1) >= a + 1, so b > 2^53). There 1 - x rounds to 1, and neither side's expansion
 * converges to the answer (the unmirrored fraction gave 1 + 1.2e-13 at a = 2e-308, b = 4.5e72, x = 1.4e-72, and
 * dz/db 1.6e-7 off at the mirroring point a = 1e-300, b = 2e16, x = 5e-17); TOMS 708's `bgrat` expansion would
 * serve it, at the price of the incomplete gamma functions in every Beta program's bundle (+6.4 KB gzip on the
 * coin flip, measured with a prototype). Found by test/special/fuzz.test.ts; test/fixtures/beta-asym.json holds
 * mpmath references there.
 */
export function betaincUnsupported(a: number, b: number, x: number): boolean {
  return x < 2 ** -53 && x * (b + 1) >= a + 1;
}

/** Whether I_x(a, b) is defined here: a and b positive and finite, 0 <= x <= 1 (false if any is NaN). */
export function betaincDomain(a: number, b: number, x: number): boolean {
  return a > 0 && b > 0 && a < Infinity && b < Infinity && x >= 0 && x <= 1;
}

/**
 * Whether to evaluate I_x(a, b) as 1 - I_(1-x)(b, a): past x = (a+1)/(a+b+2) the fraction converges faster for the
 * mirrored problem (Numerical Recipes 6.4). Tested as x (b + 1) > (1 - x)(a + 1), where 1 - x is exact for x >= 1/2:
 * x (a + b + 2) > a + 1 rounded both sides to the same double for a >= 2^53 at x = 1 (the complement's x when
 * 1 - x is a subnormal), and the unmirrored fraction then divided by 1 + d_1 = 0 (found by test/special/fuzz.test.ts).
 * After the swap 1 + λ = (a + 1) - (a + b) x >= 2x >= 0 (λ = a - (a + b) x), which keeps every coefficient of
 * `betaincFraction`'s denominators nonnegative. (An earlier exception that kept the fraction on the side of a tiny
 * min(x, 1 - x) past this point, to spare the mirrored fraction's 1 + d_n their rounding against 1, is no longer
 * needed now that the fraction forms 1 + d_n from λ: beta-wide.json at ratios 1e4 ... 1e11 went from 2.2e-9 in
 * dz/da with it to 2.1e-14 without it.)
 */
export function betaincSwap(a: number, b: number, x: number): boolean {
  return x * (b + 1) > (1 - x) * (a + 1);
}

/**
 * Whether the (already mirrored) I_x(a, b) is better taken from the power series than from the continued fraction:
 * b x <= 1 (Cephes `incbet`'s condition: the terms then shrink at least like x^n, and alternating terms cancel by
 * at most e^(bx) <= e) and x <= 0.5. Cephes allows x up to 0.95, but measured with the partials (beta-grad.ts) on
 * the benchmark grid the series is faster only up to x ≈ 0.5 (1.5x faster below 0.3, equal near 0.6, 1.5x slower
 * and up to ~400 terms above 0.7).
 */
export function betaincUseSeries(b: number, x: number): boolean {
  return b * x <= 1 && x <= 0.5;
}

/**
 * Iteration cap (fraction: pairs of steps; series: terms) for I_x(a, b). Near the mean the fraction needs a number
 * of steps that grows with min(a, b) (measured, with partials: <= 200 up to 1e4, 376 at 1e5, 733 at 1e6, 2964 at
 * 1e8, 62850 at 1e12, at any max(a, b)); from min(a, b) = 2e3 (BETA_LARGE_MIN) on beta-large.ts's quadrature takes
 * over, so a fixed cap bounds every call.
 */
function betaincMaxIter(_a: number, _b: number): number {
  return 1000;
}

/**
 * The continued fraction g = 1/(1+ d1/(1+ d2/(1+ ...))) with d_(2m+1) = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)),
 * d_(2m) = m(b-m)x / ((a+2m-1)(a+2m)), so that I_x(a, b) = x^a (1-x)^b / (a B(a, b)) · g (DLMF 8.17.22), y = 1 - x
 * (x and y each exact on their smaller side): returns g and, if out is given, writes ∂g/∂a to out[0], ∂g/∂b to out[1].
 *
 * **Form**: its even part, one step per pair of d's, g = 1/(β_1 + α_2/(β_2 + α_3/(β_3 + ...))) with
 * β_1 = 1 + d_1, β_(m+1) = 1 + d_(2m) + d_(2m+1), α_(m+1) = -d_(2m-1) d_(2m) (the form of TOMS 708's `bfrac`).
 * Near the mean (x ≈ a/(a+b), where the fraction is used on either side of the mirroring point) d_(2m+1) is close
 * to -1 and 1 + d_(2m+1) as written keeps only ~|1 + d|·2^-53 absolute: the mirrored fraction, with x within 1e-4
 * of 1, lost 4-5 digits that way (3.5e-11 in dz/da at Beta(100, 1e6)). Here it is
 * 1 + d_(2m+1) = (a (1 + 2m + m y) + m (3m + 2 + m y) + (a + m) λ) / ((a+2m)(a+2m+1)), λ = a - (a+b) x,
 * with 1 + λ from `offsetFromMean` on the side held exactly: every term but (a + m) λ is positive, and for m >= 1
 * it cancels them by at most a bounded factor wherever betaincSwap lets the fraction run; for m = 0 it is 1 + λ itself,
 * to full relative precision. α and the partials of β (those of d_(2m) + d_(2m+1)) are products: no cancellation.
 *
 * Wallis recurrences X_(k+1) = β X_k + α X_(k-1) for X = A, B; being linear in (A, B), they differentiate cleanly.
 * Every second step the state is rescaled by 1/B_k, so that it is A1 = A_k/B_k = g_k, A0 = A_(k-1)/B_k,
 * B0 = B_(k-1)/B_k, B1 = 1: a function of (a, b) like any other, whose every update is differentiated exactly,
 * rescaling included ((X/B)' = (X' - (X/B) B') / B). Between rescalings the A's and B's grow by at most a small
 * factor per step (|d_n| = O(1) below the mirroring point).
 * (Carrying the unscaled tangents A', B' through the whole fraction instead and forming g' = A' - g B' at the end
 * lets A' and g B' drift apart by orders of magnitude for large a with x near 1, until their difference is
 * rounding noise.)
 * Stopping: the step to the last convergent is e_k / w with e_k = D_k / B_k^2, D_k = A_k B_(k-1) - A_(k-1) B_k the
 * Wallis determinant, which obeys D_(k+1) = -α D_k; so e (and its tangents) are updated by products alone and
 * measure the true increments of g and of its partials, where the differences of successive iterates would be
 * rounding noise (and a test on them may never pass). The increment of g must fall below 2^-53 relative, and so
 * must those of the partials when out is given (tested multiplied through by w and w², without a division).
 * **Source**: DLMF 8.17.22; the even contraction (Jones & Thron, "Continued Fractions", 1980, §2.4); DiDonato &
 * Morris, TOMS 708 (1992), `bfrac`, for writing its denominators through λ.
 */
export function betaincFraction(a: number, b: number, x: number, y: number, out?: Out): number {
  const maxIter = betaincMaxIter(a, b);
  // 1 + λ = (a + 1) - (a + b) x = (a + b) y - (b - 1), from the side held exactly
  const l1 = x <= y ? -offsetFromMean(x, a, b, 1) : offsetFromMean(y, b, a, -1);
  // 1 + d_(2m+1) = (k0 + m (k1 + m k2)) / ((a+2m)(a+2m+1)): every coefficient >= 0 once mirrored (λ >= 2x - 1)
  const k0 = a * l1, k1 = 2 * a + a * y + 1 + l1, k2 = 3 + y;
  // k = 1: A_1 = 1, A_0 = 0, B_1 = β_1 = 1 + d_1 = (1 + λ)/(a + 1), B_0 = 1, D_1 = 1; tangents in a (…a), in b (…b).
  // dP = d_(2m-1), the odd coefficient whose product with the next even one is α: d_1 = -(a+b) x/(a+1),
  // ∂a = x (b - 1)/(a+1)² (as (-x - d_1)/(a+1) it would cancel to 1/a of x's digits for b << a), ∂b = -x/(a+1);
  // also β_1's partials.
  const r1 = 1 / (a + 1);
  let dP = -(a + b) * x * r1, dPa = x * (b - 1) * r1 * r1, dPb = -x * r1;
  let A1 = 1, A0 = 0, B1 = l1 * r1, B0 = 1;
  let A1a = 0, A0a = 0, B1a = dPa, B0a = 0;
  let A1b = 0, A0b = 0, B1b = dPb, B0b = 0;
  let e = 1, ea = 0, eb = 0;
  for (let m = 1; m <= maxIter; m++) {
    const am = a + 2 * m;
    const r = 1 / ((am - 1) * am * (am + 1));
    const iE = (am + 1) * r; // 1 / ((am-1) am)
    const iO = (am - 1) * r; // 1 / (am (am+1))
    // d_(2m) and its partials
    const dEb = m * x * iE;
    const dE = dEb * (b - m);
    const dEa = -dE * (2 * am - 1) * iE;
    // d_(2m+1) as a product (for the next α) and its partials, which are also those of c = 1 + d_(2m+1) from λ
    const xO = x * iO, ta = (a + m) * xO;
    const dO = -ta * (a + b + m);
    // ∂a log(-d_(2m+1)) = m/((a+m) am) + (m+1-b)/((a+b+m)(am+1)), over one denominator: no leading-order cancellation
    // (the form -(2a+b+2m) x iO - d (2am+1) iO cancels two O(x/a) terms to O(x b/a²), 4 digits at a/b = 1e4)
    const dOa = -xO * iO * (m * (a + b + m) * (am + 1) + (a + m) * (m + 1 - b) * am);
    const dOb = -ta;
    const c = (k0 + m * (k1 + m * k2)) * iO;
    // β = 1 + d_(2m) + d_(2m+1), α = -d_(2m-1) d_(2m), with partials
    const be = dE + c, bea = dEa + dOa, beb = dEb + dOb;
    const al = -dP * dE, ala = -(dPa * dE + dP * dEa), alb = -(dPb * dE + dP * dEb);
    dP = dO; dPa = dOa; dPb = dOb;
    // X_(k+1) = β X_k + α X_(k-1), tangents by the product rule
    const nA = be * A1 + al * A0, nB = be * B1 + al * B0;
    const nAa = be * A1a + al * A0a + bea * A1 + ala * A0, nBa = be * B1a + al * B0a + bea * B1 + ala * B0;
    const nAb = be * A1b + al * A0b + beb * A1 + alb * A0, nBb = be * B1b + al * B0b + beb * B1 + alb * B0;
    A0 = A1; A0a = A1a; A0b = A1b; A1 = nA; A1a = nAa; A1b = nAb;
    B0 = B1; B0a = B1a; B0b = B1b; B1 = nB; B1a = nBa; B1b = nBb;
    // D_(k+1) = -α D_k, and its tangents by the product rule
    ea = -(ea * al + e * ala);
    eb = -(eb * al + e * alb);
    e = -e * al;
    if ((m & 1) === 1 && m < maxIter) continue; // rescale and test every second step (see Performance notes)
    // rescale by s = 1/B1: (X s)' = (X' - X s B1') s for the A's and B0; (e s²)' = (e' - 2 e s B1') s²
    const s = 1 / B1;
    A1 *= s; A0 *= s; B0 *= s;
    A1a = (A1a - A1 * B1a) * s; A0a = (A0a - A0 * B1a) * s; B0a = (B0a - B0 * B1a) * s;
    A1b = (A1b - A1 * B1b) * s; A0b = (A0b - A0 * B1b) * s; B0b = (B0b - B0 * B1b) * s;
    const es = e * s;
    ea = (ea - 2 * es * B1a) * s * s;
    eb = (eb - 2 * es * B1b) * s * s;
    e = es * s;
    B1 = 1; B1a = 0; B1b = 0;
    // last increment of g, ∂g/∂a, ∂g/∂b: Δ = e / w (w = B0) and (e' - Δ w') / w, tested times w and w²
    const aw = Math.abs(B0);
    if (Math.abs(e) <= 2 ** -53 * Math.abs(A1) * aw &&
      (!out || Math.abs(ea * B0 - e * B0a) <= 2 ** -53 * Math.abs(A1a) * aw * aw &&
        Math.abs(eb * B0 - e * B0b) <= 2 ** -53 * Math.abs(A1b) * aw * aw)) break;
  }
  if (out) {
    out[0] = A1a;
    out[1] = A1b;
  }
  return A1;
}

/**
 * The power series T = 1 + a Σ_(n>=1) (1-b)_n x^n / (n! (a+n)) = 1 + a Σ t_n / (a+n), t_n = t_(n-1) (n-b) x / n,
 * so that I_x(a, b) = x^a / (a B(a, b)) · T (DLMF 8.17.7 written for I, times a so that tiny a stays finite;
 * Cephes `pseries`): returns T and, if out is given, writes ∂T/∂a = Σ n t_n / (a+n)^2 to out[0] and
 * ∂T/∂b = a Σ t_n' / (a+n), t_n' = t_(n-1)' (n-b) x/n - t_(n-1) x/n, to out[1]. For integer b the t_n vanish from
 * n = b on while their b-tangents do not: with out, the stopping test watches all three sums.
 */
export function betaincSeries(a: number, b: number, x: number, out?: Out): number {
  return 1 + betaincSeriesTail(a, b, x, out);
}

/**
 * T - 1 = a Σ_(n>=1) t_n / (a+n) of `betaincSeries` (and its partials in out, the same as T's), summed without the
 * leading 1 so that a sum of size ~a keeps its relative precision for the complement 1 - I (see incbetComplement).
 * The value stops when a term falls below 2^-53 of scale + sum: scale = 1 for T, 0 for the tail on its own.
 */
function betaincSeriesTail(a: number, b: number, x: number, out?: Out, scale = 1): number {
  const maxIter = betaincMaxIter(a, b);
  let t = 1, tb = 0;
  let s = 0, sa = 0, sb = 0;
  for (let n = 1; n <= maxIter; n++) {
    const c = x / n;
    tb = tb * (n - b) * c - t * c;
    t *= (n - b) * c;
    const r = 1 / (a + n);
    const term = a * t * r, termA = n * t * r * r, termB = a * tb * r;
    s += term; sa += termA; sb += termB;
    if (Math.abs(term) <= 2 ** -53 * Math.abs(scale + s) &&
      (!out || Math.abs(termA) <= 2 ** -50 * Math.abs(sa) && Math.abs(termB) <= 2 ** -50 * Math.abs(sb))) break;
  }
  if (out) {
    out[0] = sa;
    out[1] = sb;
  }
  return s;
}

/**
 * I_x(a, b) from x, y = 1 - x and their logs: mirrored to 1 - I_y(b, a) past x = (a+1)/(a+b+2) (`betaincSwap`),
 * then prefactor times series or fraction. Shared by betainc and betaincc, which passes the mirrored arguments
 * (1 - I_x(a, b) = I_y(b, a)) so that the complement is computed directly where it is the small side.
 */
function incbet(a: number, b: number, x: number, y: number, logX: number, logY: number): number {
  if (betaincSwap(a, b, x)) return incbetComplement(b, a, y, x, logY, logX);
  return incbetExpansion(a, b, x, y, logX, logY);
}

/**
 * 1 - I_x(a, b) on the side where I needs no mirroring. With a parameter below 1e-2 and the power series, I = e^L T
 * (L = a log x - log(a B(a, b)) from `logABeta`, T = 1 + σ) may be within ~a of 1, and 1 - I as written would keep
 * only an absolute error of an ulp of 1 (2.5e-8 relative at 1 - I = 2.4e-8; 3e-11 at a = 0.01, b = 1e-6,
 * 1 - I = 1e-4): there 1 - I = -expm1(L + log1p(σ)), every term small and held to its own relative precision.
 * Elsewhere 1 - I.
 */
const TINY_COMPLEMENT = 1e-2; // logABeta's quadrature holds ~1e-16 s absolute below it
function incbetComplement(a: number, b: number, x: number, y: number, logX: number, logY: number): number {
  if ((a < TINY_COMPLEMENT || b < TINY_COMPLEMENT) && betaincUseSeries(b, x)) {
    return -Math.expm1(a * logX - logABeta(a, b) + Math.log1p(betaincSeriesTail(a, b, x, undefined, 0)));
  }
  return 1 - incbetExpansion(a, b, x, y, logX, logY);
}

/** I_x(a, b) on the side where it needs no mirroring: `betaincPrefix` times series or continued fraction. */
function incbetExpansion(a: number, b: number, x: number, y: number, logX: number, logY: number): number {
  if (a >= BETA_LARGE_MIN && b >= BETA_LARGE_MIN) {
    const r = [0, 0, 0];
    const pre = betaincPrefix(a, b, x, y, logX, logY, false);
    if (pre === 0) return 0; // (a/x overflows for a subnormal x: 0·∞)
    betaLargeInto(r, a, b, x, y);
    return pre * (a / x / y) * r[0]!; // pdf(x) times I / pdf
  }
  const series = betaincUseSeries(b, x);
  // A prefactor that underflows makes I 0 whatever the (positive, finite) expansion is: skip it, since for
  // a >= ~1e154 the fraction's products overflow to NaN there (found by test/special/fuzz.test.ts).
  const pre = betaincPrefix(a, b, x, y, logX, logY, series);
  if (pre === 0) return 0;
  return pre * (series ? betaincSeries(a, b, x) : betaincFraction(a, b, x, y));
}

/**
 * Regularized incomplete beta I_x(a, b) = (1/B(a, b)) ∫_0^x t^(a-1) (1-t)^(b-1) dt; argument order as
 * scipy.special.betainc. d/dx = x^(a-1) (1-x)^(b-1) / B(a, b); d/da, d/db: see beta-grad.ts.
 *
 * **Method**: mirror to 1 - I_(1-x)(b, a) when x > (a+1)/(a+b+2); then the power series `betaincSeries` when
 * b x <= 1 and x <= 0.5, else the continued fraction `betaincFraction` (its even part, through λ). Prefactor by
 * `betaincPrefix` (log space, `betaincLogPrefix`, unless |lbeta(a, b)| < 20). For min(a, b) >= 2e3 a fixed
 * Gauss-Legendre rule instead (beta-large.ts); where a + b overflows, the step of width < 1e-154 at the mean.
 * **Domain and cost**: every double triple; at most 1000 steps (measured need <= ~200 up to min(a, b) = 1e4) or
 * 120 quadrature nodes. Edge cases: x = 0 -> 0, x = 1 -> 1; a <= 0, b <= 0, infinite a or b, x outside [0, 1] or
 * NaN -> NaN; NaN also for x < 2^-53 with x (b + 1) >= a + 1 (`betaincUnsupported`: not yet computed).
 * **Accuracy** (max relative error against mpmath at 40 digits): 7.8e-15 for I and 9.3e-15 for 1 - I at the
 * Beta(a, b) quantiles 1e-6 ... 1-1e-6 of a 12 x 12 grid of a, b in [0.05, 1000] (941 points,
 * test/fixtures/incomplete-beta.json); 2.8e-14 on test/fixtures/beta-regions.json (method edges, bulk a, b in
 * 5 ... 2000, ratios up to 1e8 next to the mirroring point, parameters down to 1e-8). Where the mirrored value is
 * close to 1 and I is its small complement, I would lose relative accuracy as ~eps / I; with a parameter below 1e-2
 * and the power series the complement is formed directly instead (incbetComplement: 8.0e-15 on beta-regions.json's
 * "tiny" points, 6.7e-9 while that stopped at a parameter of 1e-7). Parameters 1e-6 ... 1e8
 * (test/fixtures/beta-wide.json): 4.6e-15 where max/min < 1e4, 4.6e-14 where min >= 1e4 and 1.5e-13 at ratios
 * 1e4 ... 1e11; where one parameter dwarfs the other (test/fixtures/beta-asym.json, a or b up to 1e20, TOMS 708's
 * bgrat region): 1.6e-13. test/fixtures/extremes.json: 177 of 178 triples in [1e-300, 1e16] within 1e-12. Before
 * the continued fraction formed its denominators from λ = a - (a+b) x: 8.4e-14 on the grid, 9.6e-10 on
 * beta-regions.json's "mirror-tiny" points, 1.4e-9 at ratios >= 1e4, 175 of 178 extreme triples.
 * **Source**: DLMF 8.17.7, 8.17.22; Numerical Recipes 6.4 (`betacf`); Cephes `incbet`; TOMS 708 (`brcomp`).
 */
export function betainc(a: number, b: number, x: number): number {
  checkNumber(a, "a", "betainc");
  checkNumber(b, "b", "betainc");
  checkNumber(x, "x", "betainc");
  return incompleteBeta(a, b, x, false);
}

/**
 * Complemented regularized incomplete beta 1 - I_x(a, b) = I_(1-x)(b, a), computed directly where it is the
 * small side. Same method, accuracy and sources as `betainc` (9.3e-15 on the quantile grid).
 */
export function betaincc(a: number, b: number, x: number): number {
  checkNumber(a, "a", "betaincc");
  checkNumber(b, "b", "betaincc");
  checkNumber(x, "x", "betaincc");
  return incompleteBeta(a, b, x, true);
}

/** I_x(a, b), or 1 - I_x(a, b) when complement: argument checks and logs for betainc and betaincc. */
function incompleteBeta(a: number, b: number, x: number, complement: boolean): number {
  if (!betaincDomain(a, b, x) || betaincUnsupported(a, b, x)) return NaN;
  if (x === 0 || x === 1) return complement ? 1 - x : x;
  if (a + b === Infinity) return complement ? 1 - betaincOverflow(a, b, x) : betaincOverflow(a, b, x);
  // both logs from the exact input x (y = 1 - x is rounded when x < 1/2)
  const y = 1 - x, logX = Math.log(x), logY = Math.log1p(-x);
  return complement ? incbet(b, a, y, x, logY, logX) : incbet(a, b, x, y, logX, logY);
}

// Performance notes. betaincFraction rescales (one division and the rescaling of nine tangents) and tests every
// second iteration rather than every one: on the fraction points of `npm run bench:torch`'s Beta set (53 347 of
// 100 000, median 15 double steps) 356 against 380 ns per call (median of 11 alternating rounds, CPU time, Node 20,
// a scratch A/B of the two versions in one process), and its partials agree better with mpmath (3e-15 against
// 4e-13 relative at the bench point with the largest difference, a = 0.267, b = 678, z = 0.00186). Two other
// rewrites measured slower in the same A/B and were dropped: coefficients from running sums with x folded in
// (399 against 383 ns) and one division per series term for x/n and 1/(a + n) (81 against 73 ns): divisions off
// the recurrence's critical path cost little here.
