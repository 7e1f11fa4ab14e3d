// ψ'(x) = d²/dx² lgamma(x) for every double x: the derivative autodiff's digamma node records (second
// derivatives of Gamma/Beta log densities, implicit reparameterization gradients). Recurrence plus asymptotic
// series, the same Bernoulli-number expansion as digamma's and lgammaCorrection's. Read lbeta.ts next, or trigpi.ts
// for the reflection's sin(πx).
import { checkNumber } from "../check.ts";

import { STIRLING_MIN } from "./lgamma.ts";
import { sinPi } from "./trigpi.ts";

/**
 * ψ'(x) = d²/dx² log Γ(x) = Σ_{n>=0} 1/(x + n)², the trigamma function.
 *
 * Special values: +∞ at 0 and at the negative integers (both one-sided limits are +∞); ψ'(+∞) = 0; NaN at -∞
 * and for NaN. ψ'(x) overflows to +∞ for 0 < |x| < 7.5e-155, where 1/x² exceeds the double range.
 *
 * **Method**: for x > -1, the recurrence ψ'(x) = ψ'(x + n) + Σ_{k<n} 1/(x + k)² up to x + n >= 10, then the
 * asymptotic series ψ'(z) = 1/z + 1/(2z²) + Σ B_2k / z^(2k+1) (B_2k the Bernoulli numbers), truncated after
 * B16: its first omitted term, B18/z^19, is below 5.2e-17 relative for z >= 10. Every term is positive, so
 * nothing cancels; they are added smallest first (the series, then k = n-1 down to 0). For x <= -1, the
 * reflection formula ψ'(x) = π²/sin²(πx) - ψ'(1 - x), with sin(πx) from {@link sinPi}; π²/sin² >= 9.87 > 1.65
 * >= ψ'(1 - x), so the difference loses at most a bit. At most 11 steps of the recurrence: for x < 10 slower
 * than rational approximations (about 1.4x Boost's three, on bench/special.bench.ts's mix), but with no table
 * of coefficients of its own.
 *
 * **Accuracy** (measured against mpmath at 40 digits on test/fixtures/special.json; see
 * test/special/trigamma.test.ts):
 * - x in [1e-300, 1e300] (2307 points; +∞ below 7.5e-155, as the reference): relative error <= 3.9e-16;
 * - within 1e-9..1e-3 of 1, 2 and digamma's root (297 points): relative error <= 2.7e-16;
 * - x in [-200, 0) (1300 points, poles approached to 1e-12): relative error <= 4.2e-16.
 *
 * **Source**: Abramowitz & Stegun 6.4.6 (recurrence), 6.4.7 (reflection) and 6.4.12 (asymptotic series).
 */
export function trigamma(x: number): number {
  checkNumber(x, "x", "trigamma");
  if (x > -1) return trigammaSeries(x); // +∞ at ±0, where the recurrence's first term 1/x² is
  if (!(x > -Infinity)) return NaN; // -∞, NaN
  if (Math.floor(x) === x) return Infinity; // a negative integer
  const s = sinPi(x);
  return 9.869604401089358 / (s * s) - trigammaSeries(1 - x); // π² rounded to double (9.8696044010893586188…)
}

/** ψ'(x) for -1 < x <= ∞: recurrence up to 10, then the asymptotic series. */
function trigammaSeries(x: number): number {
  const n = x < STIRLING_MIN ? Math.ceil(STIRLING_MIN - x) : 0;
  // ψ'(z) - 1/z - 1/(2z²) = Σ B_2k t^(2k+1), t = 1/z: B2 = 1/6, B4 = -1/30, B6 = 1/42, B8 = -1/30, B10 = 5/66,
  // B12 = -691/2730, B14 = 7/6, B16 = -3617/510.
  const t = 1 / (x + n);
  const u = t * t;
  let s = t + u * (0.5 + t * (1 / 6 + u * (-1 / 30 + u * (1 / 42 + u * (-1 / 30 + u * (5 / 66 + u * (-691 / 2730 +
    u * (7 / 6 + u * (-3617 / 510)))))))));
  for (let k = n - 1; k >= 0; k--) {
    const r = 1 / (x + k); // squared after the division: 1/(x·x) would go through a subnormal for |x| near 1e-154
    s += r * r;
  }
  return s;
}
