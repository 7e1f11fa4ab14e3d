// The implicit gradient of a Beta(a, b) draw where both parameters are moderately large and the draw lies within a
// few standard deviations of the mean: a Gaussian-moment (Temme-type) expansion of bounded length, in place of the
// continued fraction, whose step count grows with min(a, b) there. Called by beta-grad.ts (betaSampleGradInto);
// read beta-grad.ts first, and scripts/beta_temme_coefficients.py for the derivation checked in mpmath.
import { offsetFromMean, digammaMinusLog } from "./beta-large.ts";
import { erfcx } from "./gamma-temme.ts";

/**
 * From this min(a, b) on (and up to BETA_TEMME_MAX for the larger one), draws near the mean take the expansion.
 * Not lower: its cost grows like N² with the terms N it needs (for 2e-13 up to 3.5 standard deviations: 12 at 150, 13 at 100, 14 at 60, 17 at 30), and
 * below ~100 the continued fraction is faster (A/B against main, CPU time, median of 5 x 9 rounds of 2000 draws:
 * Beta(60, 60) 465 vs 590 ns, Beta(100, 100) 517 vs 553, Beta(100, 1000) 603 vs 527, Beta(150, 150) 577 vs 511).
 */
export const BETA_TEMME_MIN = 150;
/** Up to this max(a, b): the fixtures reach it (beyond, the quadrature and the fraction keep their measured accuracy). */
export const BETA_TEMME_MAX = 1e6;
/**
 * The expansion is used where |ξ| sqrt(min(a, b)) <= this, about as many standard deviations from the mean (99.95%
 * of draws); further out the terms needed grow (4.5 takes 13 instead of 12 at min(a, b) = 150).
 */
export const BETA_TEMME_SPREAD = 3.5;

const MAX_TERMS = 12;

/**
 * Scratch series, allocated on the first call (nothing runs at import time) and reused (no allocation per call):
 * V = v(ξ) (t = μ (1 + v)), P = v(ξ)², F = ξ / v(ξ), G_k = F_k / (k + 1) (log(1 + v(ξ)) = log(t/μ) has
 * coefficients ν G_(k-1), k != 2).
 */
let scratch: { V: Float64Array; P: Float64Array; F: Float64Array; G: Float64Array } | undefined;

/**
 * Number of terms (N + 1 coefficients, the last ξ^N) for 2e-13 relative error at |ξ| sqrt(p) <= BETA_TEMME_SPREAD,
 * by p = min(a, b), the fewest that reach it at every row of test/fixtures/beta-temme.json from that p up: the terms
 * fall roughly like sqrt(n! / (4π p)^n) (the series of v(ξ) has a radius of about sqrt(4π) in ξ).
 */
function termsFor(p: number): number {
  return p < 500 ? (p < 300 ? 12 : 11) : p < 2000 ? 10 : p < 1e4 ? 8 : 7;
}

/**
 * Fills out[0..1] with [dz/da, dz/db] for z ~ Beta(a, b) held at its quantile and returns true, or returns false
 * (out untouched) where the point lies outside the expansion's region: min(a, b) >= BETA_TEMME_MIN and
 * max(a, b) <= BETA_TEMME_MAX are the caller's test; this function checks |ξ| sqrt(min(a, b)) <= BETA_TEMME_SPREAD.
 * x and y = 1 - x are given, each exact on its small side. With diffs, also out[2..3] = ψ(a+b) - ψ(a), ψ(a+b) - ψ(b)
 * (as betaSampleGradDigammaInto promises).
 *
 * **Method**: with p <= q the parameters on the side where μ = p/(p + q) <= 1/2 (u the matching one of x, y),
 * substitute t = μ (1 + v) and -μ ξ²/2 = μ log(t/μ) + ν log((1-t)/ν) (ν = 1 - μ, sign(ξ) = sign(t - μ)).
 * Then t^(p-1) (1-t)^(q-1) dt = μ^p ν^q e^(-p ξ²/2) (ξ/v) dξ, exactly, and
 * (∂I_u/∂p) / pdf(u) = u (1-u) e^(p ξ_u²/2) ∫_{-∞}^{ξ_u} e^(-p ξ²/2) (ξ/v) (log(t/μ) + c_p) dξ,
 * c_p = ψ(p+q) - log(p+q) - ψ(p) + log p; for q, log((1-t)/ν) = -(μ/ν)(ξ²/2 + log(t/μ)). v(ξ) solves
 * v v' = ξ (1 + v)(ν - μ v) (v'(0) = sqrt ν), whose Taylor coefficients follow by one convolution each from
 * (v²)' = 2ξ (ν + (ν - μ) v - μ v²); ξ/v is its reciprocal series and log(1 + v)' = ν ξ/v - μ ξ. Each power ξ^n
 * integrates against the Gaussian exactly: J_n = e^(pξ²/2) ∫_{-∞}^{ξ} s^n e^(-p s²/2) ds, J_0 = sqrt(π/(2p))
 * erfcx(-ξ sqrt(p/2)), J_1 = -1/p, J_n = (-ξ^(n-1) + (n - 1) J_(n-2))/p. Above the mean the upper tail (ξ -> -ξ,
 * minus sign) is summed instead, so no e^(+pξ²/2)-sized terms cancel. Beyond the series' radius the sum is
 * asymptotic (Gaussian moments grow like n!!); it is cut at termsFor(p) terms.
 * Cost: about N² multiply-adds for N = termsFor(p) terms (7 ... 12): one convolution each for v (pairwise), for
 * ξ/v, and for F L (pairwise); one erfcx (gamma-temme.ts's), two log1p, three ψ(z) - log z by their series. No
 * branch on the data but the spread test, no iteration count that depends on the point.
 * **Accuracy** (against mpmath quadrature, test/fixtures/beta-temme.json, 1606 rows in the region, edges included):
 * 1.4e-13 relative for dz/da and dz/db; ψ differences 2.2e-16.
 * **Source**: Temme, "Special Functions: An Introduction to the Classical Functions of Mathematical Physics",
 * Wiley 1996, ch. 11 (the uniform expansion of the incomplete beta in the variable η, here with η = sqrt(μ) ξ and
 * its coefficients generated per call from the ODE of the transformation instead of from tables); DiDonato &
 * Morris, TOMS 708 (1992), `basym`, which expands I itself near the mean for min(a, b) >= 100; scripts/beta_temme_coefficients.py
 * checks the expansion against quadrature.
 */
export function betaTemmeInto(out: Float64Array | number[], a: number, b: number, x: number, y: number, diffs = false): boolean {
  const swap = a > b;
  const p = swap ? b : a, q = swap ? a : b, u = swap ? y : x;
  const r = p + q, mu = p / r, nu = q / r;
  const d = u <= 0.5 ? offsetFromMean(u, p, q) : -offsetFromMean(swap ? x : y, q, p); // (u - μ)(p + q), exact side
  // ξ² = -2 (log(t/μ) + (ν/μ) log((1-t)/ν)) at t = u, the linear parts taken out (they cancel exactly). Near the
  // mean log1p(s) - s keeps only an absolute error of a few ulp of s, but ξ then has an absolute error of ~1 ulp,
  // which moves the result by ~sqrt(p) ulp: log1pmx's relative accuracy is not needed.
  const s1 = d / p, s2 = -d / q;
  const xi2 = -2 * ((Math.log1p(s1) - s1) + (q / p) * (Math.log1p(s2) - s2));
  const spread = xi2 * p;
  if (!(spread <= BETA_TEMME_SPREAD * BETA_TEMME_SPREAD)) return false;
  const xiAbs = Math.sqrt(xi2 > 0 ? xi2 : 0);
  const n = termsFor(p);
  const { V, P, F, G } = scratch ??= {
    V: new Float64Array(MAX_TERMS + 3), P: new Float64Array(MAX_TERMS + 4), F: new Float64Array(MAX_TERMS + 1),
    G: new Float64Array(MAX_TERMS + 1),
  };
  // v(ξ): P = v²; (m + 1) P_(m+1) / 2 = d v_(m-1) - μ P_(m-1) (m >= 2), P_2 = ν; v_m from P_(m+1) = Σ v_i v_(m+1-i)
  const dmu = nu - mu;
  const v1 = Math.sqrt(nu);
  V[0] = 0; V[1] = v1; P[0] = 0; P[1] = 0; P[2] = nu;
  for (let m = 2; m <= n + 1; m++) {
    const pm = 2 * (dmu * V[m - 1]! - mu * P[m - 1]!) / (m + 1);
    P[m + 1] = pm;
    let s = 0, i = 2, j = m - 1; // Σ_(i=2)^(m-1) v_i v_(m+1-i), each pair once
    for (; i < j; i++, j--) s += V[i]! * V[j]!;
    s *= 2;
    if (i === j) s += V[i]! * V[i]!;
    V[m] = (pm - s) / (2 * v1);
  }
  // F = ξ / v = 1 / (v_1 + v_2 ξ + ...), and G_k = F_k / (k + 1)
  const f0 = 1 / v1;
  F[0] = f0; G[0] = f0;
  for (let k = 1; k <= n; k++) {
    let s = 0;
    for (let i = 1; i <= k; i++) s += V[i + 1]! * F[k - i]!;
    F[k] = -s * f0;
    G[k] = F[k]! / (k + 1);
  }
  // With L = log(1 + v), L' = ν F - μ ξ, i.e. L_k = ν G_(k-1) - μ/2 [k = 2], the product F L has coefficients
  // (F L)_k = ν Σ_(i+j=k-1) F_i G_j - μ F_(k-2)/2 = ν (k + 1)/2 Σ_(i+j=k-1) G_i G_j - μ F_(k-2)/2 (the symmetrized
  // sum: F_i/(j+1) + F_j/(i+1) = (i+j+2) G_i G_j), a self-convolution of G taken pair by pair.
  // Σ_k c_k J_k for c = F, F L, and F shifted by two (ξ² F), with J on the lower tail at -|ξ|; above the mean the
  // odd coefficients change sign (the upper tail) and the whole sum its sign.
  const upper = d > 0;
  const t = -xiAbs;
  let jm2 = Math.sqrt(Math.PI / (2 * p)) * erfcx(xiAbs * Math.sqrt(0.5 * p)); // J_0
  let jm1 = upper ? 1 / p : -1 / p; // ±J_1
  let tp = 1; // t^(k-1)
  let mF = F[0]! * jm2 + F[1]! * jm1, mGG = G[0]! * G[0]! * jm1, mF2 = 0; // mGG: Σ (k+1)/2 (G*G)_(k-1) J_k
  jm1 = -1 / p;
  for (let k = 2; k <= n; k++) {
    tp *= t;
    const jk = (-tp + (k - 1) * jm2) / p;
    let gg = 0, i = 0, j = k - 1;
    for (; i < j; i++, j--) gg += G[i]! * G[j]!;
    gg *= 2;
    if (i === j) gg += G[i]! * G[i]!;
    const sk = upper && (k & 1) === 1 ? -jk : jk;
    mF += F[k]! * sk;
    mGG += 0.5 * (k + 1) * gg * sk;
    mF2 += F[k - 2]! * sk;
    jm2 = jm1; jm1 = jk;
  }
  const mFL = nu * mGG - 0.5 * mu * mF2;
  const cpq = digammaMinusLog(r);
  const cp = cpq - digammaMinusLog(p), cq = cpq - digammaMinusLog(q);
  const k0 = (upper ? -1 : 1) * x * y;
  const gp = k0 * (mFL + cp * mF); // (∂I_u(p, q)/∂p) / pdf
  const gq = k0 * (-(mu / nu) * (mFL + 0.5 * mF2) + cq * mF); // (∂I_u(p, q)/∂q) / pdf
  // I_x(a, b) = 1 - I_y(b, a) when swapped: the partials trade places and change sign
  if (swap) { out[0] = gq; out[1] = gp; } else { out[0] = -gp; out[1] = -gq; }
  if (diffs) { // ψ(a+b) - ψ(a), ψ(a+b) - ψ(b): log((p+q)/p) + c_p and log((p+q)/q) + c_q
    const dp = Math.log1p(q / p) + cp, dq = Math.log1p(p / q) + cq;
    out[2] = swap ? dq : dp;
    out[3] = swap ? dp : dq;
  }
  return true;
}
