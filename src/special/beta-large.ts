// The incomplete beta I_u(p, q) and its parameter partials when both parameters are large (min(p, q) >= 2e3),
// where the continued fraction needs O(min(p, q)^(1/3)) steps (63 000 at 1e12) and the density is nearly Gaussian:
// a fixed 120-point Gauss-Legendre rule on the density's own scale; and the limit where a + b overflows. Called by betainc.ts and beta-grad.ts on the
// unmirrored side (u at or below the mean); read betainc.ts first.
import { digammaSeriesTail } from "./digamma.ts";
import { log1pmx } from "./gammainc.ts";

/**
 * From this min(p, q) on, the quadrature replaces the series / continued fraction. At 2e3 rather than 1e4: between
 * the two the fraction needs 100-200 steps and its rounding reached 1.8e-12 relative in dz/da near the mean
 * (a = b = 9999.999, test/fixtures/beta-regions.json, region "large"), where the quadrature gives 1.2e-14. The
 * price: betaSampleGradInto near the mean (±1 sd) takes 3.8 µs there against the fraction's 1.5 µs at a = b = 2500
 * and 1.9 µs at (9000, 9500) (CPU time, median of 7, scratch loop, Node 20): outside the bench's [0.1, 1000].
 */
export const BETA_LARGE_MIN = 2e3;

// 12-point Gauss-Legendre rule on [-1, 1], the positive half of its symmetric nodes and their weights.
const GL_X = [0.1252334085114689, 0.3678314989981802, 0.5873179542866175, 0.7699026741943047, 0.9041172563704748,
  0.9815606342467192];
const GL_W = [0.2491470458134027, 0.2334925365383546, 0.20316742672306573, 0.16007832854334642, 0.10693932599531907,
  0.04717533638651141];
/** Panel edges in s (units of the scale w): the integrand decays at least like e^-s, e^-45 < 2^-53 · 1e-3. */
const PANELS = [0, 0.5, 1, 2, 3, 5, 7, 10, 15, 25, 45];

/**
 * ψ(z) - log z for z >= 10: -1/(2z) minus digamma.ts's asymptotic tail Σ B_2k / (2k z^2k) (`digammaSeriesTail`).
 * Also used by beta-temme.ts.
 */
export function digammaMinusLog(z: number): number {
  return -0.5 / z - digammaSeriesTail(1 / (z * z));
}

/**
 * u (p + q) - p - c, i.e. (p + q)(u - x0) - c with x0 = p/(p + q), to full relative precision even when u is within
 * rounding of x0 (c = 0) or of (p + c)/(p + q) (betainc.ts's fraction wants 1 + λ = -(x (a + b) - a - 1)): with
 * s + e = p + q, t + f = p + c and hi + lo = u·s exactly (Knuth's two-sum, Dekker's two-product),
 * u (p + q) - p - c = (hi - t) - f + lo + u e, where hi - t is exact where the result is small (Sterbenz).
 */
export function offsetFromMean(u: number, p: number, q: number, c = 0): number {
  const s = p + q, bb = s - p, e = (p - (s - bb)) + (q - bb);
  const t = p + c, tc = t - p, f = (p - (t - tc)) + (c - tc);
  const hi = u * s;
  const k = 134217729; // 2^27 + 1, Dekker's splitter
  const ua = k * u, uh = ua - (ua - u), ul = u - uh;
  const sa = k * s, sh = sa - (sa - s), sl = s - sh;
  const lo = ((uh * sh - hi) + uh * sl + ul * sh) + ul * sl;
  return (hi - t) - f + lo + u * e;
}

/**
 * Writes [∫, ∫ (log t - ψ(p) + ψ(p+q)), ∫ (log(1-t) - ψ(q) + ψ(p+q))] of p(t; p, q) / p(u; p, q) dt over
 * t in (0, u) into out[0..2]: I_u(p, q) / pdf(u) and the two partials ∂I_u/∂p / pdf(u), ∂I_u/∂q / pdf(u).
 * For u no further above the mean than the mirroring rule allows (betaincSwap), p, q >= BETA_LARGE_MIN; v = 1 - u.
 *
 * **Method**: t = u - s w with w = 1 / (|φ'(u)| + sqrt(-φ''(u))), φ(t) = (p-1) log t + (q-1) log(1-t), so the
 * integrand e^(φ(t) - φ(u)) falls at least like e^-s or e^(-s²/2); Gauss-Legendre with 12 points on each of the
 * ten panels with edges 0, 0.5, 1, 2, 3, 5, 7, 10, 15, 25, 45 in s. The exponent and the weights come from
 * log1p(-s w / u), log1p(s w / v) and log(u/x0), log(v/y0) (`offsetFromMean`, on the side held exactly), so
 * nothing cancels; the digamma
 * parts are ψ(z) - log z by their series. The lower limit t = 0 lies > p - 1 scales away (never reached).
 * Cost: 120 nodes, each two log1p and one exp (five panels left the value at 2e-13); above p + q = 1e6 two
 * log1pmx instead of the log1p, so that the exponent's linear parts, which cancel, are not summed.
 * **Accuracy**: see betainc and betaSampleGrad (measured against mpmath quadrature).
 * **Source**: Gauss-Legendre quadrature (Abramowitz & Stegun 25.4.29) of the Beta density near u, in the spirit of
 * the saddle-point scalings of Temme, "Special Functions", Wiley 1996, ch. 11.
 */
export function betaLargeInto(out: number[], p: number, q: number, u: number, v: number): void {
  // log(u/x0) and log(v/y0) from one offset, taken on the exactly held side (v(p+q) - q = -(u(p+q) - p)).
  // (p and q scaled by 2^-600 when Dekker's split of p + q would overflow: the ratios below do not change)
  const k = p + q > 2 ** 960 ? 2 ** -600 : 1, pk = p * k, qk = q * k;
  const du = u <= v ? offsetFromMean(u, pk, qk) : -offsetFromMean(v, qk, pk);
  // φ'(u) u = (p-1) - (q-1) u/v = (p - (p+q)u + u - v)/v: from the offset, since near the mean the two terms (~1e16
  // each at p = q = 1e16) cancel to O(sqrt(p)); it and sqrt(-φ''(u)) u in units of u, since (p - 1)/u² overflows
  // for u < ~1e-150
  const r = u / v;
  const d1u = (u - v - du / k) / v;
  const d2u = (p - 1) + (q - 1) * r * r;
  const w = u / (Math.abs(d1u) + Math.sqrt(d2u));
  // Above p + q = 1e6 the exponent's rounding, ~sqrt(p) s ulp, would pass 1e-13 (log1pmx costs ~30% more per node)
  const huge = p + q > 1e6;
  const lu = Math.log1p(du / pk), lv = Math.log1p(-du / qk);
  const cpq = digammaMinusLog(p + q);
  const cp = lu - digammaMinusLog(p) + cpq; // log t - ψ(p) + ψ(p+q) = log(t/x0) + these corrections, at t = u
  const cq = lv - digammaMinusLog(q) + cpq;
  let i0 = 0, ip = 0, iq = 0;
  for (let k = 0; k < PANELS.length - 1; k++) {
    const mid = 0.5 * (PANELS[k]! + PANELS[k + 1]!), half = 0.5 * (PANELS[k + 1]! - PANELS[k]!);
    for (let j = -GL_X.length; j < GL_X.length; j++) {
      const node = j < 0 ? -GL_X[-j - 1]! : GL_X[j]!;
      const wt = (j < 0 ? GL_W[-j - 1]! : GL_W[j]!) * half;
      const dt = (mid + half * node) * w; // u - t
      let a: number, b: number, g: number; // log(t/u), log((1-t)/v), weight times e^(φ(t) - φ(u))
      if (huge) {
        // φ(t) - φ(u) = (p-1) log1pmx(-dt/u) + (q-1) log1pmx(dt/v) - φ'(u) dt: the linear parts, each ~sqrt(p) s,
        // cancel in exact arithmetic and are left out of the sum (as (p-1) log(t/u) + (q-1) log((1-t)/v) they
        // carry ~sqrt(p) s ulp of rounding: 9.5e-10 in I at a = b = 1e16, x = 1/2)
        const ma = log1pmx(-dt / u), mb = log1pmx(dt / v);
        a = ma - dt / u; b = mb + dt / v;
        g = wt * Math.exp((p - 1) * ma + (q - 1) * mb - d1u * (dt / u));
      } else {
        a = Math.log1p(-dt / u); b = Math.log1p(dt / v);
        g = wt * Math.exp((p - 1) * a + (q - 1) * b);
      }
      i0 += g;
      ip += g * (cp + a);
      iq += g * (cq + b);
    }
  }
  out[0] = w * i0; out[1] = w * ip; out[2] = w * iq;
}

/**
 * I_x(a, b) where a + b overflows (a, b ~ 1e308): the density's width, about 1/sqrt(4(a + b)) < 1e-154, is far
 * below the spacing of doubles near the mean x0 = a/(a + b), so I is 0 below x0, 1 above, and 1/2 at x = x0 exactly
 * (a = b, x = 1/2); the side is the sign of x (a + b) - a, computed with both scaled down.
 */
export function betaincOverflow(a: number, b: number, x: number): number {
  const d = offsetFromMean(x, a * 2 ** -600, b * 2 ** -600); // scaled: Dekker's split must not overflow
  return d > 0 ? 1 : d < 0 ? 0 : 0.5;
}
