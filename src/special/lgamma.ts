// log|Γ(x)| for every double x: the kernel behind autodiff's lgamma, lbeta.ts and the Gamma/Beta log densities.
// Method and coefficients are FDLIBM's e_lgamma_r.c (Sun Microsystems, 1993), restructured as small helpers;
// sinPi for the reflection comes from trigpi.ts. Read digamma.ts next: it is this function's derivative.
import { sinPi } from "./trigpi.ts";

// Interval edges, as FDLIBM chooses them by the high word of x (value = that word followed by 32 zero bits).
/** 0x3B900000 = 2^-70: below it lgamma(x) = -log|x| - γx + …, and γ|x| < 2^-70 is far below an ulp of log|x| > 48. */
const TINY = 2 ** -70;
/** 0x3FCDA661 ≈ 0.2316: below it, lgamma(1 + x) is taken from the rational approximation around 1. */
const LO_NEAR_ONE_END = 0.23163998126983643;
/** 0x3FE76944 ≈ 0.7316: from here to 0.9, lgamma(x + 1) is taken from the approximation below 2. */
const LO_NEAR_TWO = 0.7315998077392578;
/** 0x3FECCCCD ≈ 0.9: above it, lgamma(x) directly from the approximation around 1 (with x - 1 < 0). */
const NEAR_ONE_START = 0.9000000953674316;
/** 0x3FF3B4C4 ≈ 1.2316 = TC - 0.23: start of the interval around lgamma's minimum. */
const AROUND_MIN = 1.2316322326660156;
/** 0x3FFBB4C3 ≈ 1.7316 = TC + 0.27: end of the interval around the minimum, start of the one below 2. */
const NEAR_TWO = 1.7316312789916992;
/** 0x43900000 = 2^58: above it, (x - 1/2)(log x - 1) + 1/2 log 2π ≈ x(log x - 1) to within an ulp. */
const HUGE = 2 ** 58;

/** Where lgamma has its minimum on x > 0 (digamma's root), rounded to double. FDLIBM `tc`. */
const TC = 1.46163214496836224576;
/** lgamma(TC) rounded to double (FDLIBM `tf`), and minus the rounding residual (FDLIBM `tt`). */
const TF = -1.21486290535849611461e-1;
const TT = -3.63867699703950536541e-18;

// lgamma(2 - y) = -(1 - γ)·y + … for y in [0, 0.2684]: FDLIBM a0…a11, evaluated as y·P(y²) + y²·Q(y²) - y/2.
const A0 = 7.72156649015328655494e-2, A1 = 3.22467033424113591611e-1, A2 = 6.73523010531292681824e-2;
const A3 = 2.05808084325167332806e-2, A4 = 7.38555086081402883957e-3, A5 = 2.89051383673415629091e-3;
const A6 = 1.19270763183362067845e-3, A7 = 5.10069792153511336608e-4, A8 = 2.20862790713908385557e-4;
const A9 = 1.08011567247583939954e-4, A10 = 2.52144565451257326939e-5, A11 = 4.48640949618915160150e-5;

// lgamma(TC + z) = TF + z²·T(z) for z in [-0.23, 0.27]: FDLIBM t0…t14, degree 14, split by z³ for parallelism.
const T0 = 4.83836122723810047042e-1, T1 = -1.47587722994593911752e-1, T2 = 6.46249402391333854778e-2;
const T3 = -3.27885410759859649565e-2, T4 = 1.79706750811820387126e-2, T5 = -1.03142241298341437450e-2;
const T6 = 6.10053870246291332635e-3, T7 = -3.68452016781138256760e-3, T8 = 2.25964780900612472250e-3;
const T9 = -1.40346469989232843813e-3, T10 = 8.81081882437654011382e-4, T11 = -5.38595305356740546715e-4;
const T12 = 3.15632070903625950361e-4, T13 = -3.12754168375120860518e-4, T14 = 3.35529192635519073543e-4;

// lgamma(1 + y) = -y/2 + y·U(y)/V(y) for y in [-0.1, 0.2316]: FDLIBM u0…u5, v1…v5.
const U0 = -7.72156649015328655494e-2, U1 = 6.32827064025093366517e-1, U2 = 1.45492250137234768737;
const U3 = 9.77717527963372745603e-1, U4 = 2.28963728064692451092e-1, U5 = 1.33810918536787660377e-2;
const V1 = 2.45597793713041134822, V2 = 2.12848976379893395361, V3 = 7.69285150456672783825e-1;
const V4 = 1.04222645593369134254e-1, V5 = 3.21709242282423911810e-3;

// lgamma(2 + y) = y/2 + y·S(y)/R(y) for y in [0, 1), error < 2^-61.7: FDLIBM s0…s6, r1…r6.
const S0 = -7.72156649015328655494e-2, S1 = 2.14982415960608852501e-1, S2 = 3.25778796408930981787e-1;
const S3 = 1.46350472652464452805e-1, S4 = 2.66422703033638609560e-2, S5 = 1.84028451407337715652e-3;
const S6 = 3.19475326584100867617e-5;
const R1 = 1.39200533467621045958, R2 = 7.21935547567138069525e-1, R3 = 1.71933865632803078993e-1;
const R4 = 1.86459191715652901344e-2, R5 = 7.77942496381893596434e-4, R6 = 7.32668430744625636189e-6;

// lgamma(x) - (x - 1/2)(log x - 1) = W(1/x) for x >= 8, error < 2^-58.7: FDLIBM w0…w6. W(0) = w0 = (log 2π - 1)/2,
// the rest a minimax fit to the Stirling series 1/(12x) - 1/(360x³) + …
const W0 = 4.18938533204672725052e-1, W1 = 8.33333333333329678849e-2, W2 = -2.77777777728775536470e-3;
const W3 = 7.93650558643019558500e-4, W4 = -5.95187557450339963135e-4, W5 = 8.36339918996282139126e-4;
const W6 = -1.63092934096575273989e-3;

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
  if (x > 0) {
    if (x < Infinity) return x < TINY ? -Math.log(x) : lgammaPositive(x);
    return Infinity;
  }
  if (x === 0 || x === -Infinity) return Infinity;
  if (x !== x) return NaN;
  // x < 0
  if (x > -TINY) return -Math.log(-x);
  if (Math.floor(x) === x) return Infinity; // a pole; every x <= -2^52 lands here too
  const s = sinPi(x);
  return Math.log(Math.PI / Math.abs(s * x)) - lgammaPositive(-x);
}

/** lgamma(x) for 2^-70 <= x < ∞. */
function lgammaPositive(x: number): number {
  if (x < 2) {
    if (x < NEAR_ONE_START) {
      // lgamma(x) = lgamma(x + 1) - log x, with x + 1 handed over in a variable that is exact.
      const r = -Math.log(x);
      if (x >= LO_NEAR_TWO) return r + lgammaTwoMinus(1 - x);
      if (x >= LO_NEAR_ONE_END) return r + lgammaAroundMin(x - (TC - 1));
      return r + lgammaOnePlus(x);
    }
    if (x >= NEAR_TWO) return lgammaTwoMinus(2 - x);
    if (x >= AROUND_MIN) return lgammaAroundMin(x - TC);
    return x === 1 ? 0 : lgammaOnePlus(x - 1);
  }
  if (x < 8) {
    const i = Math.floor(x);
    const y = x - i; // exact
    const p = y * (S0 + y * (S1 + y * (S2 + y * (S3 + y * (S4 + y * (S5 + y * S6))))));
    const q = 1 + y * (R1 + y * (R2 + y * (R3 + y * (R4 + y * (R5 + y * R6)))));
    const r = 0.5 * y + p / q; // lgamma(2 + y)
    if (i === 2) return r;
    // Γ(x) = (x-1)(x-2)…(y+2)·Γ(y+2): one log of the product instead of a sum of logs.
    let z = y + 2;
    for (let k = 3; k < i; k++) z *= y + k;
    return r + Math.log(z);
  }
  if (x < HUGE) {
    const t = Math.log(x);
    const z = 1 / x;
    const y = z * z;
    const w = W0 + z * (W1 + y * (W2 + y * (W3 + y * (W4 + y * (W5 + y * W6)))));
    return (x - 0.5) * (t - 1) + w;
  }
  return x * (Math.log(x) - 1);
}

/** lgamma(2 - y) for y in [0, 0.2684]. The -y/2 is added last so that the sum rounds only once at full size. */
function lgammaTwoMinus(y: number): number {
  const z = y * y;
  const p1 = A0 + z * (A2 + z * (A4 + z * (A6 + z * (A8 + z * A10))));
  const p2 = z * (A1 + z * (A3 + z * (A5 + z * (A7 + z * (A9 + z * A11)))));
  return y * p1 + p2 - 0.5 * y;
}

/** lgamma(TC + z) for z in [-0.23, 0.27]: TF + z²·T(z), with TF's rounding residual TT folded in last. */
function lgammaAroundMin(z: number): number {
  const z2 = z * z;
  const w = z2 * z;
  const p1 = T0 + w * (T3 + w * (T6 + w * (T9 + w * T12)));
  const p2 = T1 + w * (T4 + w * (T7 + w * (T10 + w * T13)));
  const p3 = T2 + w * (T5 + w * (T8 + w * (T11 + w * T14)));
  return TF + (z2 * p1 - (TT - w * (p2 + z * p3)));
}

/** lgamma(1 + y) for y in [-0.1, 0.2316]. */
function lgammaOnePlus(y: number): number {
  const p = y * (U0 + y * (U1 + y * (U2 + y * (U3 + y * (U4 + y * U5)))));
  const q = 1 + y * (V1 + y * (V2 + y * (V3 + y * (V4 + y * V5))));
  return -0.5 * y + p / q;
}
