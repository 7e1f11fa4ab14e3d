// ψ'(x) = d²/dx² lgamma(x) for every double x: the derivative autodiff's digamma node records (second
// derivatives of Gamma/Beta log densities, implicit reparameterization gradients). Follows Boost.Math's trigamma
// (53-bit branch). Read lbeta.ts next, or trigpi.ts for the reflection's sin(πx).

import { sinPi } from "./trigpi.ts";

// Boost's coefficients are written inline in Horner form (as stdlib-js does) so that a minifier keeps them as bare
// literals; the comment above each rational function says which of Boost's tables it is.

/**
 * ψ'(x) = d²/dx² log Γ(x) = Σ_{n>=0} 1/(x + n)², the trigamma function.
 *
 * Special values: +∞ at 0 and at the negative integers (both one-sided limits are +∞); ψ'(+∞) = 0; NaN at -∞
 * and for NaN. ψ'(x) overflows to +∞ for 0 < |x| < 7.5e-155, where 1/x² exceeds the double range.
 *
 * **Method** (Boost): rational approximations on [1, 2], (2, 4] and (4, ∞), the last two in 1/x so that they
 * hold up to x = 1e308 with no recurrence. For 0 < x < 1, ψ'(x) = ψ'(x + 1) + 1/x², and likewise for
 * -1 < x < 0 (all terms positive, so nothing cancels). For x <= -1, the reflection formula
 * ψ'(x) = π²/sin²(πx) - ψ'(1 - x), with sin(πx) from {@link sinPi}; π²/sin² >= 9.87 > 1.65 >= ψ'(1 - x), so
 * the difference loses at most a bit.
 *
 * **Accuracy** (measured against mpmath at 40 digits on test/fixtures/special.json; see
 * test/special/trigamma.test.ts):
 * - x in [1e-300, 1e300] (2307 points; +∞ below 7.5e-155, as the reference): relative error <= 3.9e-16;
 * - within 1e-9..1e-3 of 1, 2 and digamma's root (297 points): relative error <= 2.7e-16;
 * - x in [-200, 0) (1300 points, poles approached to 1e-12): relative error <= 4.2e-16.
 *
 * **Source**: Boost.Math `trigamma.hpp` (J. Maddock, 2006), `trigamma_prec` coefficients for 53 bits.
 */
export function trigamma(x: number): number {
  if (x > 0) return trigammaPositive(x);
  if (x === -Infinity || x !== x) return NaN;
  if (Math.floor(x) === x) return Infinity; // 0 or a negative integer
  if (x > -1) {
    const r = 1 / x; // squared after the division: 1/(x·x) would go through a subnormal for |x| near 1e-154
    return trigammaPositive(x + 1) + r * r;
  }
  const s = sinPi(x);
  return 9.869604401089358 / (s * s) - trigammaPositive(1 - x); // π² rounded to double (9.8696044010893586188…)
}

/** ψ'(x) for 0 < x <= ∞. */
function trigammaPositive(x: number): number {
  let acc = 0;
  if (x < 1) {
    const r = 1 / x;
    acc = r * r;
    x += 1;
  }
  if (x <= 2) {
    // ψ'(x) = (OFFSET + P(x)/Q(x)) / x² on [1, 2], OFFSET = 2.1093254089355469; Boost trigamma_prec (53-bit),
    // P0…P5 and Q1…Q5 (Q0 = 1): max error 3.7e-17.
    const p = -1.1093280605946045 + x * (-3.8310674472619321 + x * (-3.3703848401898283 + x * (0.28080574467981213 +
      x * (1.6638069578676164 + x * 0.64468386819102836))));
    const q = 1 + x * (3.4535389668541151 + x * (4.5208926987851437 + x * (2.7012734178351534 +
      x * (0.64468798399785611 + x * -0.20314516859987728e-6))));
    return acc + (2.1093254089355469 + p / q) / (x * x);
  }
  // ψ'(x) = (1 + P(y)/Q(y)) / x with y = 1/x on (2, ∞] (ψ'(x) → 1/x + 1/(2x²) + …).
  const y = 1 / x;
  if (x <= 4) {
    // On (2, 4], Boost's P0…P5 and Q1…Q5: max error 1.2e-17.
    const p = -0.13803835004508849e-7 + y * (0.50000049158540261 + y * (1.6077979838469348 + y * (2.5645435828098254 +
      y * (2.0534873203680393 + y * 0.74566981111565923))));
    const q = 1 + y * (2.8822787662376169 + y * (4.1681660554090917 + y * (2.7853527819234466 +
      y * (0.74967671848044792 + y * -0.00057069112416246805))));
    return (1 + p / q) / x;
  }
  // On (4, ∞], Boost's P0…P6 and Q1…Q6: max deviation 6.9e-18.
  const p = 0.68947581948701249e-17 + y * (0.49999999999998975 + y * (1.0177274392923795 + y * (2.498208511343429 +
    y * (2.1921221359427595 + y * (1.5897035272532764 + y * 0.40154388356961734)))));
  const q = 1 + y * (1.7021215452463932 + y * (4.4290431747556469 + y * (2.9745631894384922 +
    y * (2.3013614809773616 + y * (0.28360399799075752 + y * 0.022892987908906897)))));
  return (1 + p / q) / x;
}
