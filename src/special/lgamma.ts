// log|Γ(x)| for every double x: the kernel behind autodiff's lgamma, lbeta.ts and the Gamma/Beta log densities.
// Method and coefficients are FDLIBM's e_lgamma_r.c (Sun Microsystems, 1993), restructured as small helpers;
// sinPi for the reflection comes from trigpi.ts. Read digamma.ts next: it is this function's derivative.
import { sinPi } from "./trigpi.ts";

// Coefficients and interval edges are FDLIBM's, written inline in Horner form (as stdlib-js does) so that a
// minifier keeps them as bare literals; the comment above each polynomial names its FDLIBM coefficients in order.
// Interval edges are chosen, as in FDLIBM, by the high word of x (value = that word followed by 32 zero bits).
// The minimum of lgamma on x > 0 (digamma's root) rounded to double is TC = 1.46163214496836224576 (FDLIBM `tc`).

/**
 * lgamma(x) = log|Γ(x)|, the logarithm of the absolute value of the gamma function.  d/dx = ψ(x) (digamma).
 *
 * Special values: +∞ at x = 0, at the negative integers (the poles) and at +∞; lgamma(-∞) = +∞ as in C99
 * (log|Γ| has no limit there, but every double below -2^52 is a pole); NaN for NaN; lgamma(1) = lgamma(2) = 0
 * exactly. Overflows to +∞ for x > 2.55e305.
 *
 * **Method** (FDLIBM): for x > 0, five intervals, each approximated in a variable that vanishes where lgamma
 * does, so that the result keeps full relative precision next to its zeros x = 1 and x = 2:
 * - x < 2^-70: -log x;
 * - x < 2: rational/polynomial approximations of lgamma(1 + y), lgamma(2 - y) and lgamma(TC + z) around the
 *   minimum TC ≈ 1.4616, with lgamma(x) = lgamma(x + 1) - log x for x < 0.9;
 * - 2 <= x < 8: lgamma(x) = log((x-1)(x-2)…(2+y)) + lgamma(2 + y), y = frac(x), rational approximation on [2, 3];
 * - 8 <= x < 2^58: (x - 1/2)(log x - 1) + W(1/x), W a minimax polynomial for Stirling's correction;
 * - x >= 2^58: x(log x - 1).
 * For x < 0, the reflection formula lgamma(x) = log(π / |x·sin(πx)|) - lgamma(-x), with sin(πx) from
 * {@link sinPi} (exact argument reduction, so the poles do not lose relative precision).
 *
 * **Accuracy** (measured against mpmath at 40 digits on test/fixtures/special.json; see
 * test/special/lgamma.test.ts):
 * - x in [1e-300, 1e300] (2307 points): relative error <= 3.7e-16;
 * - within 1e-9..1e-3 of 1 and of 2, where |lgamma| is as small as 4.2e-10 (196 points): relative error <= 2.1e-16;
 * - x in [-200, 0) (1300 points, poles approached to 1e-12): |error| / max(1, |lgamma|) <= 2.5e-15.
 *
 * **Source**: FDLIBM `e_lgamma_r.c` (Sun Microsystems, 1993; coefficients reused, code rewritten), as shipped
 * in FreeBSD msun and glibc.
 */
export function lgamma(x: number): number {
  // 2^-70 (high word 0x3B900000): below it lgamma(x) = -log|x| - γx + …, and γ|x| < 2^-70 is far below an ulp
  // of log|x| > 48.
  if (x > 0) {
    if (x < Infinity) return x < 2 ** -70 ? -Math.log(x) : lgammaPositive(x);
    return Infinity;
  }
  if (x === 0 || x === -Infinity) return Infinity;
  if (x !== x) return NaN;
  // x < 0
  if (x > -(2 ** -70)) return -Math.log(-x);
  if (Math.floor(x) === x) return Infinity; // a pole; every x <= -2^52 lands here too
  const s = sinPi(x);
  return Math.log(Math.PI / Math.abs(s * x)) - lgammaPositive(-x);
}

/** lgamma(x) for 2^-70 <= x < ∞. */
function lgammaPositive(x: number): number {
  if (x < 2) {
    // 0x3FECCCCD ≈ 0.9: above it, lgamma(x) directly from the approximation around 1 (with x - 1 < 0).
    if (x < 0.9000000953674316) {
      // lgamma(x) = lgamma(x + 1) - log x, with x + 1 handed over in a variable that is exact.
      const r = -Math.log(x);
      // 0x3FE76944 ≈ 0.7316: from here to 0.9, lgamma(x + 1) is taken from the approximation below 2.
      if (x >= 0.7315998077392578) return r + lgammaTwoMinus(1 - x);
      // 0x3FCDA661 ≈ 0.2316: below it, lgamma(1 + x) is taken from the rational approximation around 1.
      if (x >= 0.23163998126983643) return r + lgammaAroundMin(x - (1.46163214496836224576 - 1)); // x + 1 - TC
      return r + lgammaOnePlus(x);
    }
    // 0x3FFBB4C3 ≈ 1.7316 = TC + 0.27: end of the interval around the minimum, start of the one below 2.
    if (x >= 1.7316312789916992) return lgammaTwoMinus(2 - x);
    // 0x3FF3B4C4 ≈ 1.2316 = TC - 0.23: start of the interval around lgamma's minimum.
    if (x >= 1.2316322326660156) return lgammaAroundMin(x - 1.46163214496836224576); // x - TC
    return x === 1 ? 0 : lgammaOnePlus(x - 1);
  }
  if (x < 8) {
    // lgamma(2 + y) = y/2 + y·S(y)/R(y) for y in [0, 1), error < 2^-61.7: FDLIBM s0…s6, r1…r6.
    const i = Math.floor(x);
    const y = x - i; // exact
    const p = y * (-7.72156649015328655494e-2 + y * (2.14982415960608852501e-1 + y * (3.25778796408930981787e-1 +
      y * (1.46350472652464452805e-1 + y * (2.66422703033638609560e-2 + y * (1.84028451407337715652e-3 +
      y * 3.19475326584100867617e-5))))));
    const q = 1 + y * (1.39200533467621045958 + y * (7.21935547567138069525e-1 + y * (1.71933865632803078993e-1 +
      y * (1.86459191715652901344e-2 + y * (7.77942496381893596434e-4 + y * 7.32668430744625636189e-6)))));
    const r = 0.5 * y + p / q; // lgamma(2 + y)
    if (i === 2) return r;
    // Γ(x) = (x-1)(x-2)…(y+2)·Γ(y+2): one log of the product instead of a sum of logs.
    let z = y + 2;
    for (let k = 3; k < i; k++) z *= y + k;
    return r + Math.log(z);
  }
  // 2^58 (0x43900000): above it, (x - 1/2)(log x - 1) + 1/2 log 2π ≈ x(log x - 1) to within an ulp.
  if (x < 2 ** 58) {
    // lgamma(x) - (x - 1/2)(log x - 1) = W(1/x) for x >= 8, error < 2^-58.7: FDLIBM w0…w6. W(0) = w0 =
    // (log 2π - 1)/2, the rest a minimax fit to the Stirling series 1/(12x) - 1/(360x³) + …
    const t = Math.log(x);
    const z = 1 / x;
    const y = z * z;
    const w = 4.18938533204672725052e-1 + z * (8.33333333333329678849e-2 + y * (-2.77777777728775536470e-3 +
      y * (7.93650558643019558500e-4 + y * (-5.95187557450339963135e-4 + y * (8.36339918996282139126e-4 +
      y * -1.63092934096575273989e-3)))));
    return (x - 0.5) * (t - 1) + w;
  }
  return x * (Math.log(x) - 1);
}

/**
 * lgamma(2 - y) = -(1 - γ)·y + … for y in [0, 0.2684]: FDLIBM a0…a11, evaluated as y·P(y²) + y²·Q(y²) - y/2.
 * The -y/2 is added last so that the sum rounds only once at full size.
 */
function lgammaTwoMinus(y: number): number {
  const z = y * y;
  // a0, a2, …, a10
  const p1 = 7.72156649015328655494e-2 + z * (6.73523010531292681824e-2 + z * (7.38555086081402883957e-3 +
    z * (1.19270763183362067845e-3 + z * (2.20862790713908385557e-4 + z * 2.52144565451257326939e-5))));
  // a1, a3, …, a11
  const p2 = z * (3.22467033424113591611e-1 + z * (2.05808084325167332806e-2 + z * (2.89051383673415629091e-3 +
    z * (5.10069792153511336608e-4 + z * (1.08011567247583939954e-4 + z * 4.48640949618915160150e-5)))));
  return y * p1 + p2 - 0.5 * y;
}

/**
 * lgamma(TC + z) = TF + z²·T(z) for z in [-0.23, 0.27]: FDLIBM t0…t14, degree 14, split by z³ for parallelism.
 * TF = lgamma(TC) rounded to double (FDLIBM `tf`); its rounding residual (FDLIBM `tt`) is folded in last.
 */
function lgammaAroundMin(z: number): number {
  const z2 = z * z;
  const w = z2 * z;
  // t0, t3, t6, t9, t12
  const p1 = 4.83836122723810047042e-1 + w * (-3.27885410759859649565e-2 + w * (6.10053870246291332635e-3 +
    w * (-1.40346469989232843813e-3 + w * 3.15632070903625950361e-4)));
  // t1, t4, t7, t10, t13
  const p2 = -1.47587722994593911752e-1 + w * (1.79706750811820387126e-2 + w * (-3.68452016781138256760e-3 +
    w * (8.81081882437654011382e-4 + w * -3.12754168375120860518e-4)));
  // t2, t5, t8, t11, t14
  const p3 = 6.46249402391333854778e-2 + w * (-1.03142241298341437450e-2 + w * (2.25964780900612472250e-3 +
    w * (-5.38595305356740546715e-4 + w * 3.35529192635519073543e-4)));
  // tf + (z²·p1 - (tt - w·(p2 + z·p3)))
  return -1.21486290535849611461e-1 + (z2 * p1 - (-3.63867699703950536541e-18 - w * (p2 + z * p3)));
}

/** lgamma(1 + y) = -y/2 + y·U(y)/V(y) for y in [-0.1, 0.2316]: FDLIBM u0…u5, v1…v5. */
function lgammaOnePlus(y: number): number {
  const p = y * (-7.72156649015328655494e-2 + y * (6.32827064025093366517e-1 + y * (1.45492250137234768737 +
    y * (9.77717527963372745603e-1 + y * (2.28963728064692451092e-1 + y * 1.33810918536787660377e-2)))));
  const q = 1 + y * (2.45597793713041134822 + y * (2.12848976379893395361 + y * (7.69285150456672783825e-1 +
    y * (1.04222645593369134254e-1 + y * 3.21709242282423911810e-3))));
  return -0.5 * y + p / q;
}
