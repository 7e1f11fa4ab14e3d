// The implicit reparameterization gradient of a Gamma(alpha, 1) sample: dx/dalpha = -(dP(alpha, x)/dalpha) / pdf.
// Called by distributions/gamma.ts (Gamma.rsample, which records it on the tape through fromPartials).
// Its series and continued fraction are gammainc.ts's with d/dalpha carried through every step: read that first.
import { checkNumber } from "../check.ts";
import { digamma, digammaSeriesTail } from "./digamma.ts";
import { GAMMA_MAX_ITER, gammaincDomain } from "./gammainc.ts";
import { gammaGradTemme, useTemme } from "./gamma-temme.ts";

/**
 * dx/dalpha for a sample x ~ Gamma(alpha, 1) held at its quantile: -(∂P(alpha, x)/∂alpha) / p(x; alpha), with
 * p(x; alpha) = x^(alpha-1) e^-x / Γ(alpha). Multiply by the scale for Gamma(alpha, scale) samples.
 *
 * **Method** (implicit reparameterization, Figurnov, Mohamed & Mnih 2018): ∂P/∂alpha by forward-mode
 * differentiation of the expansions `gammainc` uses, and the division by the density folded in algebraically so
 * that no x^alpha e^-x / Γ(alpha) is ever formed. By region, as Boost and DiDonato & Morris choose P's method:
 * - alpha >= 20 and |x/alpha - 1| <= 0.4, where the loops below would need ~8 sqrt(alpha) steps: Temme's uniform
 *   expansion differentiated in alpha and collected into one series dx/dalpha = λ Σ_k e_k(η) alpha^-k
 *   (`gammaGradTemme`, gamma-temme.ts), no ψ, no loop;
 * - else x < alpha + 1 + sqrt(alpha): the series of P (`seriesGrad`), dx/dalpha = (x/alpha) (D - S (log x -
 *   ψ(alpha+1))), ψ(alpha+1) from the loop's own partial sums h_n = ψ(alpha+n+1) - ψ(alpha+1). It reaches past
 *   P's split at x = alpha + 1 because the fraction is slowest just above it (see Performance notes);
 * - else Legendre's continued fraction of Q (`fractionGrad`), dx/dalpha = x (F (log x - ψ(alpha)) + ∂F/∂alpha).
 * The loops stop when value and derivative have both stopped moving.
 * **Domain and cost**: every double pair; at most 2000 steps of a loop (measured need <= 150 on the bench's points,
 * <= ~300 over the fixtures) or one Temme evaluation (at most 144 terms). On bench:torch's points (Gamma draws,
 * alpha log-uniform in [0.1, 1000]; share of points, then instructions per call from valgrind --tool=callgrind on a
 * bundle timing that region's points alone): Temme 41.9%, 83 terms (80% of them) or 144, plus log1p, sqrt and two
 * divisions: ~690 / ~960; series (terms in pairs, the first SERIES_PAIRS[cell] untested, plus one log and ψ's
 * asymptotic series) 54.3%: alpha < 1 24.4%, 1 <= alpha < 5 16.3%, 5 <= alpha < 20 13.5%: ~740, ~960,
 * ~1290; fraction (plus ψ(alpha) and a log) 3.6%: ~2080. All points together 858 instructions and 80-83 ns per call
 * against 931 and 92-94 with the series stopping at x = alpha + 1 (min of 11 alternating CPU-time passes, both in
 * one process; 203 ns before the split by method).
 * Edge cases: x = 0 -> 0 (the limit: dx/dalpha ~ x (ψ(alpha+1) - log x) / alpha -> 0 as x -> 0, which also covers
 * samples that underflowed to 0), x = +Inf -> +Inf, alpha <= 0, x < 0 or NaN -> NaN.
 * **Accuracy**: max relative error (|expected| denominator) against mpmath at 40 digits: 9.8e-15 at the quantiles
 * 1e-6 ... 1-1e-6 of alpha = 10^(k/3) in [1e-6, 1e8] (test/fixtures/incomplete-wide.json, 316 points; references
 * by quadrature above 1e3; the fraction at alpha = 4.6e-6, x = 1.011), 2.2e-16 in Temme's region there; 4.4e-15 on
 * the older grid (incomplete-gamma.json, 211 points; the series at alpha = 6.2, x = 9.5), 2.2e-16 at alpha = 3e4 ...
 * 1e6; 8.4e-16 at the extreme pairs (extremes.json); on the edges between the methods (gamma-regions.json, 534
 * points): 8.6e-15 (the series at alpha = 19.99 just below x = alpha + 1 + sqrt(alpha); the fraction 8.0e-15 just
 * above; 4.9e-14 at x = 1e-310, where dx/dalpha is subnormal), Temme 2.5e-16. By method over all these: Temme
 * <= 2.5e-16, series <= 3.2e-15 below x = alpha + 1 and <= 8.6e-15 above it, fraction <= 9.8e-15 (1.5e-14 at
 * alpha = 1e-3, x = 1.001 while it started at x = alpha + 1).
 * (Measured with a scratch script over the fixtures' (alpha, x); the tests assert 1e-12 ... 1e-13.)
 * **Source**: Figurnov, Mohamed & Mnih, "Implicit Reparameterization Gradients", NeurIPS 2018; XLA
 * `xla/client/lib/math.cc` (IgammaSeries / IgammacContinuedFraction, mode SAMPLE_DERIVATIVE), as used by
 * TensorFlow and JAX; DLMF 8.7.1, 8.9.2; Temme (1979), DLMF 8.12 (gamma-temme.ts); DiDonato & Morris, ACM TOMS 12
 * (1986) and Boost.Math `gamma_incomplete_imp` for the choice of method by region.
 */
export function standardGammaGrad(alpha: number, x: number): number {
  checkNumber(alpha, "alpha", "standardGammaGrad");
  checkNumber(x, "x", "standardGammaGrad");
  if (!gammaincDomain(alpha, x)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return Infinity;
  if (useTemme(alpha, x)) return gammaGradTemme(alpha, x);
  return x < alpha + 1 + Math.sqrt(alpha) ? seriesGrad(alpha, x) : fractionGrad(alpha, x);
}


/**
 * Pairs of terms the series needs, less one, at the upper corner of each cell: rows alpha < 0.5, 1, 2, 4, 8, 16, 20
 * (row 32 - clz32(2 alpha)), columns x / (alpha + 1) in [j/16, (j+1)/16). The count grows with alpha and x / (alpha + 1),
 * so the corner bounds the cell. Made by scripts/gamma_series_pairs.py, which runs seriesGrad's loop in binary64.
 * Above x = alpha + 1 (up to 1 + sqrt(alpha) past it) the last column serves: a short count, which costs tests, not
 * accuracy; 24 columns reaching x / (alpha + 1) = 1.5 measured no fewer instructions on bench:torch's points.
 */
const SERIES_PAIRS = [
  5, 5, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 9, 10, 10,  // alpha < 0.5
  5, 6, 6, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 10, 10, 11,  // alpha < 1
  5, 6, 7, 7, 8, 8, 9, 9, 10, 10, 10, 11, 11, 12, 12, 12,  // alpha < 2
  5, 7, 7, 8, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15,  // alpha < 4
  6, 7, 8, 9, 10, 11, 12, 13, 13, 14, 15, 15, 16, 17, 17, 18,  // alpha < 8
  6, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,  // alpha < 16
  6, 8, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 23, 24, 25,  // alpha < 20
];

/**
 * dx/da from the series, x < a + 1 + sqrt(a): P = x^a e^-x / Γ(a+1) · S, S = Σ_(n>=0) t_n, t_n = x^n / ((a+1)…(a+n)), so
 * dx/da = (x/a) (D - S (log x - ψ(a+1))) with D = -∂S/∂a = Σ t_n h_n, h_n = Σ_(j<=n) 1/(a+j): all terms positive.
 * Stops when t_n h_n <= 2^-53 D (which implies t_n <= 2^-53 S, as h_n >= D/S), tested after each pair of terms
 * once the SERIES_PAIRS[cell] pairs the cell needs are summed. h_n is also ψ(a+n+1) - ψ(a+1), so
 * ψ(a+1) = ψ(z) - h with z = a+n+1 (the recurrence carried on while z < 10) and ψ(z) from its asymptotic series
 * (digamma.ts's, z >= 10): the loop's divisions double as digamma's recurrence, and log x - ψ(a+1) takes one log,
 * of x/z. Near x ≈ e^ψ(a+1) that difference is small against its parts (log(x/z) and h, ~2.5 each at a < 1), so h is
 * summed with the rounding error of each h + (r_n + r_(n+1)) carried (Fast2Sum; the pair's own sum rounds ~10x
 * finer): uncompensated, the series lost up to 4.5e-15 (a = 0.73, x = 1.26; 1.6e-16 with ψ(a+1) from digamma),
 * compensated 4e-16. Compensating the pair's sum too cost 4-9 ns more per call and gained nothing measurable.
 */
function seriesGrad(a: number, x: number): number {
  let t = 1, s = 1, h = 0, hc = 0, d = 0, n = 0;
  // Sum the pairs the cell needs before testing (see Performance notes), then test after each pair.
  const cell = 16 * (32 - Math.clz32(2 * a)) + Math.min(15, Math.floor(16 * x / (a + 1)));
  const untested = a < 20 ? SERIES_PAIRS[cell]! : 0;
  for (;;) {
    const r = 1 / (a + n + 1), r1 = 1 / (a + n + 2);
    const rr = r + r1; // (its own rounding, ~ulp(rr), is well below ulp(h))
    const h1 = h + r, h2 = h + rr;
    hc += rr - (h2 - h); // the rounding of h + rr (Fast2Sum: |h| >= |rr| once n > 0)
    t *= x * r;
    s += t;
    d += t * h1;
    t *= x * r1;
    h = h2;
    s += t;
    const dt = t * h;
    d += dt;
    n += 2;
    if (n > 2 * untested && (dt <= 2 ** -53 * d || n >= GAMMA_MAX_ITER)) break;
  }
  h += hc;
  let z = a + n + 1;
  for (; z < 10; z++) h += 1 / z;
  // ψ(z) = log z - 1/(2z) - digammaSeriesTail(1/z²), z >= 10
  const w = 1 / z, tail = digammaSeriesTail(w * w);
  const xOverZ = x * w; // log x - log z where x / z would lose bits below the normal range (or underflow)
  const logXOverZ = xOverZ >= 2 ** -1022 ? Math.log(xOverZ) : Math.log(x) - Math.log(z);
  return (x / a) * (d - s * (logXOverZ + 0.5 * w + tail + h));
}

/**
 * dx/da from Legendre's continued fraction, x >= a + 1 + sqrt(a): Q = x^a e^-x / Γ(a) · F, so
 * dx/da = x (F (log x - ψ(a)) + ∂F/∂a). F and ∂F/∂a by gammainc.ts's `upperGammaFraction` recurrence (Wallis form
 * rescaled every step so that B_n = 1, value and derivative carried together), inlined here so that the derivative
 * needs no out-parameter. An unrescaled Wallis recurrence (no division on the chain, 1/B_n once per step for the
 * test) ran ~15% faster but lost up to 1.5e-14 in ∂F/∂a = (∂A - F ∂B)/B (a = 0.83, x = 2.16), against 1.3e-15.
 */
function fractionGrad(a: number, x: number): number {
  let u = 1 / (x + 1 - a), du = u * u; // B_(n-1)/B_n and its derivative
  let f = u, df = du; // F_n = A_n/B_n
  let p = 0, dp = 0; // A_(n-1)/B_n
  for (let n = 1; n < GAMMA_MAX_ITER; n++) {
    const an = -n * (n - a);
    const bn = x + 2 * n + 1 - a;
    const s = 1 / (bn + an * u); // B_n / B_(n+1)
    const ds = -s * s * (-1 + n * u + an * du);
    const num = bn * f + an * p;
    const fNew = num * s;
    const dfNew = (-f + bn * df + n * p + an * dp) * s + num * ds;
    p = f * s; dp = df * s + f * ds;
    u = s; du = ds;
    const done = Math.abs(fNew - f) <= 2 ** -53 * Math.abs(fNew) && Math.abs(dfNew - df) <= 2 ** -50 * Math.abs(dfNew);
    f = fNew; df = dfNew;
    if (done) break;
  }
  return x * (f * (Math.log(x) - digamma(a)) + df);
}

/** Below this x, d log x / dα is taken from the lower tail's closed form (see {@link standardGammaLogGrad}). */
const SMALL_X = 1e-290;

/**
 * d log x / dα = (dx/dα) / x for a sample x ~ Gamma(α, 1) held at its quantile, given x and log x (log x stays
 * finite where x underflows to 0). Below x = 1e-290, where P(α, x) = x^α / Γ(α + 1)·(1 + O(x)) holds to the last bit
 * and dx/dα may underflow, it is that closed form's (ψ(α + 1) - log x) / α. `dxdAlpha`, when the caller has
 * standardGammaGrad(α, x) already, saves its evaluation. The Gamma and Dirichlet distributions' gradients at their
 * own draws use it (distributions/gamma.ts, dirichlet.ts).
 */
export function standardGammaLogGrad(alpha: number, x: number, logX: number, dxdAlpha?: number): number {
  checkNumber(alpha, "alpha", "standardGammaLogGrad");
  checkNumber(x, "x", "standardGammaLogGrad");
  checkNumber(logX, "logX", "standardGammaLogGrad");
  if (dxdAlpha !== undefined) checkNumber(dxdAlpha, "dxdAlpha", "standardGammaLogGrad");
  return x > SMALL_X ? (dxdAlpha ?? standardGammaGrad(alpha, x)) / x : (digamma(alpha + 1) - logX) / alpha;
}

// Performance notes. On bench:torch's points the loops' cost was their exit, not their arithmetic: a convergence test
// on a value at the end of a long floating-point chain resolves late, so its misprediction discards the work the CPU
// had started on the following calls. The series therefore sums the pairs SERIES_PAIRS says its cell needs before
// it tests at all (an integer compare, resolved early), then tests after every pair (usually passing at once): on
// its points alone, with the exact count known in advance, a scratch copy took 47 ns per call against 68 ns for
// the test after every pair; the table (1.4 pairs more than needed on average) gave 75-81 against 88-90 ns for the
// previous commit's loop (both in one process, alternating, min of 9 passes, loaded machine). The same table for
// the continued fraction would overshoot by 26% (its stopping point depends erratically on (alpha, x)), which costs
// more than it saves. The series' ψ(a+1) comes from the loop's own sums instead of a digamma call (whose recurrence
// below 10 repeats divisions the loop has done): series points at a < 1 went from 68 to 56 ns, with digamma(a + 1)
// in place of the fused form 68 ns again. The fraction keeps upperGammaFraction's division per step: unrescaled
// Wallis recurrences were 15% faster in one run (slower rescaled every 4 steps, 11% faster rescaled every 2), but
// each lost accuracy to ∂A - F ∂B (1.5e-14 at a = 0.83, x = 2.16; every 2 steps 1.0e-14 at a = 0.001, x = 1.5,
// against 2.6e-15); so did two steps per division with the derivative carried (10% faster on the fraction's points,
// 1.0e-14 on incomplete-gamma.json).
// The series reaches x = a + 1 + sqrt(a) instead of stopping at P's split x = a + 1: just above a + 1 the fraction
// needs the most steps (its 10.5% of bench:torch's points took a quarter of the time, 190-420 ns each), and each step
// waits for the last one's division (a multiply, an add and a division on the chain, ~19 cycles), while the series'
// terms are independent enough to run ~5 instructions a cycle. The series there costs what it costs below a + 1
// (the terms fall like x^n / (a+1)…(a+n) either way) and leaves the fraction 3.6% of the points: 931 -> 858
// instructions and 92-94 -> 80-83 ns per call on all of them. Its accuracy there, on 800 random points up to
// 1.1 sqrt(a) past a + 1 (a log-uniform in [0.05, 20], mpmath references): series 8.1e-15 against the fraction's
// 1.2e-14 for a < 1, 7.3e-15 against 2.9e-15 for 1 <= a < 5, 1.1e-14 against 1.6e-15 for 5 <= a < 20; worse for
// a >= 1, within the fraction's own worst case near a + 1 (1.5e-14 at a = 1e-3, x = 1.001, which the series now
// takes within 3.0e-15). Reaching a + 1 + 2 sqrt(a) lost up to 2.7e-14 on the fixtures.
// The derivative loops no longer share gammainc.ts's functions through an out-array (one allocation per call).
