// ψ'(x) = d²/dx² lgamma(x) for every double x: the derivative autodiff's digamma node records (second
// derivatives of Gamma/Beta log densities, implicit reparameterization gradients). Follows Boost.Math's trigamma
// (53-bit branch). Read lbeta.ts next, or trigpi.ts for the reflection's sin(πx).

import { sinPi } from "./trigpi.ts";

/** π² rounded to double (9.8696044010893586188…). */
const PI_SQUARED = 9.869604401089358;

// ψ'(x) = (OFFSET + P(x)/Q(x)) / x² on [1, 2]; Boost trigamma_prec (53-bit): max error 3.7e-17.
const OFFSET = 2.1093254089355469;
const PA0 = -1.1093280605946045, PA1 = -3.8310674472619321, PA2 = -3.3703848401898283;
const PA3 = 0.28080574467981213, PA4 = 1.6638069578676164, PA5 = 0.64468386819102836;
const QA1 = 3.4535389668541151, QA2 = 4.5208926987851437, QA3 = 2.7012734178351534;
const QA4 = 0.64468798399785611, QA5 = -0.20314516859987728e-6;
// ψ'(x) = (1 + P(y)/Q(y)) / x with y = 1/x on (2, 4]; Boost: max error 1.2e-17. (ψ'(x) → 1/x + 1/(2x²) + …)
const PB0 = -0.13803835004508849e-7, PB1 = 0.50000049158540261, PB2 = 1.6077979838469348;
const PB3 = 2.5645435828098254, PB4 = 2.0534873203680393, PB5 = 0.74566981111565923;
const QB1 = 2.8822787662376169, QB2 = 4.1681660554090917, QB3 = 2.7853527819234466;
const QB4 = 0.74967671848044792, QB5 = -0.00057069112416246805;
// The same form on (4, ∞]; Boost: max deviation 6.9e-18.
const PC0 = 0.68947581948701249e-17, PC1 = 0.49999999999998975, PC2 = 1.0177274392923795;
const PC3 = 2.498208511343429, PC4 = 2.1921221359427595, PC5 = 1.5897035272532764;
const PC6 = 0.40154388356961734;
const QC1 = 1.7021215452463932, QC2 = 4.4290431747556469, QC3 = 2.9745631894384922;
const QC4 = 2.3013614809773616, QC5 = 0.28360399799075752, QC6 = 0.022892987908906897;

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
  return PI_SQUARED / (s * s) - trigammaPositive(1 - x);
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
    const p = PA0 + x * (PA1 + x * (PA2 + x * (PA3 + x * (PA4 + x * PA5))));
    const q = 1 + x * (QA1 + x * (QA2 + x * (QA3 + x * (QA4 + x * QA5))));
    return acc + (OFFSET + p / q) / (x * x);
  }
  const y = 1 / x;
  if (x <= 4) {
    const p = PB0 + y * (PB1 + y * (PB2 + y * (PB3 + y * (PB4 + y * PB5))));
    const q = 1 + y * (QB1 + y * (QB2 + y * (QB3 + y * (QB4 + y * QB5))));
    return (1 + p / q) / x;
  }
  const p = PC0 + y * (PC1 + y * (PC2 + y * (PC3 + y * (PC4 + y * (PC5 + y * PC6)))));
  const q = 1 + y * (QC1 + y * (QC2 + y * (QC3 + y * (QC4 + y * (QC5 + y * QC6)))));
  return (1 + p / q) / x;
}
