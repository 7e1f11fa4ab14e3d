// log|Γ(x)| for every double x: the kernel behind autodiff's lgamma, lbeta.ts and the Gamma/Beta log densities,
// and Stirling's correction lgammaCorrection, which lgamma uses for large x and lbeta.ts and the incomplete
// gamma/beta kernels share. Method after Boost.Math's lgamma for small arguments; sinPi for the reflection comes
// from trigpi.ts. Read digamma.ts next: it is this function's derivative.
import { checkNumber } from "../check.ts";
import { sinPi } from "./trigpi.ts";

/**
 * From here on the Bernoulli-number asymptotic series keep full relative precision (lgammaCorrection, lbeta's
 * Stirling-difference forms, and the asymptotic series of digamma and trigamma): at x = 10 the first omitted term
 * of each series, the one with B18, is below 1e-17 relative.
 */
export const STIRLING_MIN = 10;

/** log √(2π) = 0.91893853320467274178… rounded to double. */
export const LOG_SQRT_2PI = 0.9189385332046728;

/**
 * Δ(x) = lgamma(x) - ((x - 1/2)·log x - x + log √(2π)), the correction to Stirling's formula, for x >= 10
 * (NaN below: the series diverges there). Computed directly, not as a difference, so it keeps full relative
 * precision; Δ(x) ≈ 1/(12x).
 *
 * **Method**: the Stirling series Δ(x) = Σ B_2k / (2k(2k - 1) x^(2k-1)), truncated after B16 (truncation error
 * < 1.8e-18 · (10/x)^17: the first omitted term, B18/(18·17·x^17) = 43867/244188 · 10^-17 at x = 10).
 * **Accuracy**: follows from the truncation bound and eight rounded terms; tested through lgamma and lbeta.
 * **Source**: Abramowitz & Stegun 6.1.41; R's `lgammacor` computes the same quantity from a Chebyshev series.
 */
export function lgammaCorrection(x: number): number {
  checkNumber(x, "x", "lgammaCorrection");
  return x >= STIRLING_MIN ? stirlingSeries(x) : NaN;
}

/**
 * Δ(x) by the series of {@link lgammaCorrection}, without its check: for callers that hold x >= 10 themselves
 * (lbeta, gammainc.ts's lgammaStirlingError; see Performance notes), and for lgamma from
 * x = 8 on (see there).
 */
export function stirlingSeries(x: number): number {
  // The coefficients B_2k / (2k(2k - 1)), B_2k the Bernoulli numbers:
  // B2/(2·1) = (1/6)/2, B4/(4·3) = (-1/30)/12, B6/(6·5) = (1/42)/30, B8/(8·7) = (-1/30)/56,
  // B10/(10·9) = (5/66)/90, B12/(12·11) = (-691/2730)/132, B14/(14·13) = (7/6)/182, B16/(16·15) = (-3617/510)/240.
  const y = 1 / x;
  const z = y * y;
  return y * (1 / 12 + z * (-1 / 360 + z * (1 / 1260 + z * (-1 / 1680 + z * (1 / 1188 + z * (-691 / 360360 +
    z * (1 / 156 + z * (-3617 / 122400))))))));
}

/**
 * lgamma(x) = log|Γ(x)|, the logarithm of the absolute value of the gamma function.  d/dx = ψ(x) (digamma).
 *
 * Special values: +∞ at x = 0, at the negative integers (the poles) and at +∞; lgamma(-∞) = +∞ as in C99
 * (log|Γ| has no limit there, but every double below -2^52 is a pole); NaN for NaN; lgamma(1) = lgamma(2) = 0
 * exactly. Overflows to +∞ for x > 2.55e305.
 *
 * **Method**: for x > 0, everything is brought back to lgamma(1 + y) with y in [0, 1), approximated as
 * y(y - 1)·(Y + P/Q), in t = y up to 1/2 and t = 1 - y above (Boost), so that the result keeps full relative
 * precision next to the zeros x = 1 and x = 2:
 * - 0 < x < 1: lgamma(x) = lgamma(1 + x) - log x;
 * - 1 <= x < 8: with y = frac(x) (exact), lgamma(x) = lgamma(1 + y) + log((1 + y)(2 + y)…(x - 1)): one log of
 *   a product (at most six exact factors) instead of a sum of logs;
 * - x >= 8: Stirling, (x - 1/2)(log x - 1) + (log √(2π) - 1/2 + Δ(x)) with Δ the series of
 *   {@link lgammaCorrection}; the small terms are summed first, as in FDLIBM.
 * For x < 0, the reflection formula lgamma(x) = log(π / |x·sin(πx)|) - lgamma(-x), with sin(πx) from
 * {@link sinPi} (exact argument reduction, so the poles do not lose relative precision).
 *
 * **Accuracy** (measured against mpmath at 40 digits on test/fixtures/special.json; see
 * test/special/lgamma.test.ts):
 * - x in [1e-300, 1e300] (2307 points): relative error <= 3.7e-16;
 * - within 1e-9..1e-3 of 1 and of 2, where |lgamma| is as small as 4.2e-10 (196 points): relative error <= 3.5e-16;
 * - within 1e-9..1e-3 of digamma's root, lgamma's minimum (101 points): relative error <= 2.3e-16;
 * - x in [-200, 0) (1300 points, poles approached to 1e-12): |error| / max(1, |lgamma|) <= 2.5e-15.
 *
 * **Source**: Boost.Math `lgamma_small_imp` (detail/lgamma_small.hpp, J. Maddock, 2006): the form
 * y(y - 1)(Y + R) and its coefficients; the Stirling form for large x as in FDLIBM `e_lgamma_r.c` (Sun
 * Microsystems, 1993) with the series of Abramowitz & Stegun 6.1.41.
 */
export function lgamma(x: number): number {
  checkNumber(x, "x", "lgamma");
  if (x > 0) return lgammaPositive(x);
  // x <= 0 or NaN. Above -2^-70, lgamma(x) = -log|x| - γx + …, and γ|x| < 2^-70 is far below an ulp of
  // log|x| > 48; there x·sin(πx) would also underflow. This also gives +∞ at ±0.
  if (x > -(2 ** -70)) return -Math.log(-x);
  if (Math.floor(x) === x) return Infinity; // a pole; -∞ and every x <= -2^52 land here too
  return Math.log(Math.PI / Math.abs(sinPi(x) * x)) - lgammaPositive(-x); // NaN falls through to NaN
}

/** lgamma(x) for 0 < x <= ∞. */
function lgammaPositive(x: number): number {
  // From x = 8 on (FDLIBM's edge) Stirling: lgamma itself needs Δ only to an absolute error far below an ulp of
  // lgamma(8) ≈ 8.5, and the first omitted term of the series, B18/(18·17·8^17), is 8e-17 there.
  if (x >= 8) {
    // (x - 1/2)(log x - 1) + log √(2π) - 1/2 + Δ(x) = (x - 1/2) log x - x + log √(2π) + Δ(x); at +∞, +∞.
    return (x - 0.5) * (Math.log(x) - 1) + (LOG_SQRT_2PI - 0.5 + stirlingSeries(x));
  }
  if (x < 1) return lgammaOnePlus(x) - Math.log(x); // Γ(x) = Γ(1 + x) / x
  // Γ(x) = (x - 1)(x - 2)…(1 + y)·Γ(1 + y) with y = frac(x) (exact); each factor z = y + k is exact, and the loop
  // stops at z = x. For 1 <= x < 2 the product is empty and its log exactly 0.
  const y = x - Math.floor(x);
  let p = 1;
  for (let z = y + 1; z < x; z++) p *= z;
  return lgammaOnePlus(y) + Math.log(p);
}

/**
 * lgamma(1 + y) = y(y - 1)·(Y + P(t)/Q(t)) for 0 <= y < 1 (exported for gammainc.ts, which needs log Γ(1 + a) to full
 * relative precision for tiny a, where 1 + a itself would round), with t = y up to 1/2 and t = 1 - y above: Boost.Math's
 * lgamma_small_imp, whose 64-bit tables Boost also uses for doubles ("max error found at double precision" of
 * P/Q: 1.2e-17 and 1.8e-17, against Y ≈ 0.5). The factor y(y - 1) carries both zeros of lgamma, at 1 and 2, so
 * the result keeps its relative precision next to them; Y is a short constant and P/Q only corrects it, so the
 * rounding of P/Q hardly shows. y - 1 and 1 - y are exact for y >= 1/2, where the factor y - 1 is small; below
 * 1/2, y - 1 may round, which costs at most an ulp of one factor.
 */
export function lgammaOnePlus(y: number): number {
  const r = y * (y - 1);
  if (y <= 0.5) {
    // Boost's P0…P6 and Q0…Q6 for z in [1, 1.5], Y = 0.52815341949462890625.
    const p = 0.490622454069039543534e-1 + y * (-0.969117530159521214579e-1 + y * (-0.414983358359495381969 +
      y * (-0.406567124211938417342 + y * (-0.158413586390692192217 + y * (-0.240149820648571559892e-1 +
      y * -0.100346687696279557415e-2)))));
    const q = 1 + y * (0.302349829846463038743e1 + y * (0.348739585360723852576e1 + y * (0.191415588274426679201e1 +
      y * (0.507137738614363510846 + y * (0.577039722690451849648e-1 + y * 0.195768102601107189171e-2)))));
    return r * 0.52815341949462890625 + r * (p / q);
  }
  // Boost's P0…P5 and Q0…Q6 for z in [1.5, 2], in 2 - z = 1 - y, Y = 0.452017307281494140625.
  const t = 1 - y;
  const p = -0.292329721830270012337e-1 + t * (0.144216267757192309184 + t * (-0.142440390738631274135 +
    t * (0.542809694055053558157e-1 + t * (-0.850535976868336437746e-2 + t * 0.431171342679297331241e-3))));
  const q = 1 + t * (-0.150169356054485044494e1 + t * (0.846973248876495016101 + t * (-0.220095151814995745555 +
    t * (0.25582797155975869989e-1 + t * (-0.100666795539143372762e-2 + t * -0.827193521891290553639e-6)))));
  return r * 0.452017307281494140625 + r * (p / q);
}

// Performance notes. Coefficients are written inline in Horner form (as stdlib-js does): a loop over a table cost
// lgamma ~30% in speed (bench/special.bench.ts, lgamma), and the nested form gzips no larger. stirlingSeries
// exists beside lgammaCorrection because the call layer of the x >= 10 check cost lbeta ~6%. frac(x) is
// x - Math.floor(x), not x % 1: V8 calls out for a double %, and that made lgamma on (0.2, 7.9) ~30% slower.
