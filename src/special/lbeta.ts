// log B(a, b) for a, b > 0, accurate when either argument is large: the normalizer of the Beta log density
// (distributions/beta.ts) and of the incomplete beta function. Read lgamma.ts first (lgamma and Stirling's
// correction lgammaCorrection, which the large-argument forms here are built from).
import { checkNumber } from "../check.ts";

import { LOG_SQRT_2PI, STIRLING_MIN, lgamma, stirlingSeries } from "./lgamma.ts";

/**
 * lbeta(a, b) = log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b), for a, b > 0.  ∂/∂a = ψ(a) - ψ(a + b).
 *
 * Special values: +∞ if either argument is 0; -∞ if one is +∞ and the other positive; NaN if either is
 * negative or NaN (B is not used there in this library). Symmetric to the last bit: lbeta(a, b) = lbeta(b, a).
 *
 * **Method**: with p = min(a, b), q = max(a, b) (R's `lbeta`):
 * - q < 10: lgamma(p) + lgamma(q) - lgamma(p + q); all three are below lgamma(20) ≈ 39, so little cancels.
 * - p < 10 <= q: lgamma(q) - lgamma(p + q) by Stirling's formula, with the large terms cancelled analytically
 *   (Δ = Stirling's correction, `lgammaCorrection` in lgamma.ts, here by its unchecked series):
 *   lgamma(p) + Δ(q) - Δ(p + q) + p - p·log(p + q) + (q - 1/2)·log1p(-p/(p + q)).
 * - p >= 10: all three by Stirling: -log(q)/2 + log √(2π) + Δ(p) + Δ(q) - Δ(p + q)
 *   + (p - 1/2)·log(p/(p + q)) + q·log1p(-p/(p + q)).
 * The plain sum loses log10(lgamma(a + b) / |lbeta|) digits to cancellation: 6 of them at lbeta(1, 1e6) = -log 1e6.
 *
 * **Accuracy** (measured against mpmath at 40 digits on test/fixtures/special.json; see
 * test/special/lbeta.test.ts): relative error <= 4.3e-15 on 1141 pairs with a, b in [1e-3, 1e6] (a log-spaced
 * grid, random pairs, one-small-one-large pairs, near-equal large pairs). lbeta is 0 along the curve
 * B(a, b) = 1 (through (1, 1), (2, 0.618…), (0.14, 5.4e5), …); within a relative 1e-6 of it only the absolute
 * error stays small: <= 8.9e-16 on 66 such points, where the relative error is unbounded.
 *
 * **Source**: R `nmath/lbeta.c` (the three regimes); Stirling correction from Abramowitz & Stegun 6.1.41.
 */
export function lbeta(a: number, b: number): number {
  checkNumber(a, "a", "lbeta");
  checkNumber(b, "b", "lbeta");
  if (a !== a || b !== b) return NaN;
  const p = a < b ? a : b;
  const q = a < b ? b : a;
  if (!(p > 0)) return p === 0 ? Infinity : NaN;
  if (q === Infinity) return -Infinity;
  if (q < STIRLING_MIN) return lgamma(p) + lgamma(q) - lgamma(p + q);
  return lbetaStirling(p, q);
}

/** lbeta for 0 < p <= q, 10 <= q < ∞: the two Stirling regimes (kept out of lbeta: see Performance notes). */
function lbetaStirling(p: number, q: number): number {
  const s = p + q;
  const ratio = p / s;
  if (p < STIRLING_MIN) {
    const corr = stirlingSeries(q) - stirlingSeries(s);
    return lgamma(p) + corr + p - p * Math.log(s) + (q - 0.5) * Math.log1p(-ratio);
  }
  // p + q overflows only for p, q ~ 1e308: then halve both in the ratio (Δ(∞) = 0 is right for the correction)
  const r = s < Infinity ? ratio : 0.5 * p / (0.5 * p + 0.5 * q);
  const corr = stirlingSeries(p) + stirlingSeries(q) - stirlingSeries(s);
  return -0.5 * Math.log(q) + LOG_SQRT_2PI + corr + (p - 0.5) * Math.log(r) + q * Math.log1p(-r);
}

// Performance notes. The Stirling regimes sit in a function of their own so that lbeta stays under V8's
// per-function inlining limit (460 bytecodes); with its argument checks it exceeded it and was called, not
// inlined, from Beta's log density on every coin-flip step: 50 against 11 ns per call from a caller it does not
// inline into before and after the split (lbeta(15.2, 14.8), CPU time, min of 9, scratch script, Node 20).
