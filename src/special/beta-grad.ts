// Parameter derivatives of the regularized incomplete beta I_x(a, b) and the implicit reparameterization gradient
// of a Beta(a, b) sample, dz/da = -(∂I_z/∂a) / pdf. Called by distributions/beta.ts (Beta.rsample, which records
// the gradient on the tape through fromPartials).
// The expansions are betainc.ts's, which carry their partials in a and b: read betainc.ts first.
import { check, checkNumber, checkType } from "../check.ts";
import { digamma, digammaDiffPlain, digammaDiffSeries } from "./digamma.ts";
import {
  betaincDomain, betaincUnsupported, betaincFraction, betaincPrefix, betaincSeries, betaincSwap, betaincUseSeries, type Out,
} from "./betainc.ts";
import { BETA_LARGE_MIN, betaLargeInto, betaincOverflow } from "./beta-large.ts";
import { BETA_TEMME_MAX, BETA_TEMME_MIN, betaTemmeInto } from "./beta-temme.ts";

/** TypeError unless out is a Float64Array or an Array; RangeError unless it has room for n entries. */
function checkOut(out: unknown, n: number, where: string): asserts out is Out {
  checkType(out instanceof Float64Array || Array.isArray(out), "out", "a Float64Array or an Array", out, where);
  check((out as Out).length >= n, "out.length", `>= ${n}`, (out as Out).length, where);
}

/** Throws the TypeError or RangeError for betaSampleGradInto's first bad argument (cold path). */
function sampleArgsFailure(out: unknown, z: unknown, a: unknown, b: unknown, logZ: unknown, log1mZ: unknown, diffs: boolean): void {
  const where = diffs ? "betaSampleGradDigammaInto" : "betaSampleGradInto";
  checkNumber(z, "z", where);
  checkNumber(a, "a", where);
  checkNumber(b, "b", where);
  if (logZ !== undefined) checkNumber(logZ, "logZ", where);
  if (log1mZ !== undefined) checkNumber(log1mZ, "log1mZ", where);
  checkOut(out, diffs ? 4 : 2, where);
}

/**
 * Shared assembly. On the mirrored problem J = I_u(p, q) (u the small side) with prefactor pre and expansion g,
 * ∂J/∂p = pre (g ∂log(pre)/∂p + ∂g/∂p) and likewise for q. sample = true writes -(∂I/∂a, ∂I/∂b) / pdf, with
 * pre / pdf folded into u v / p (fraction) or u v^(1-q) / p (series), so nothing of size x^a or 1/B(a, b) is formed;
 * sample = false writes [I, ∂I/∂a, ∂I/∂b]. I = 1 - J when mirrored, so the partials swap places and change sign.
 */
function betaPartials(out: Out, a: number, b: number, x: number, y: number, logX: number, logY: number,
  sample: boolean, diffs = false): void {
  const swap = betaincSwap(a, b, x);
  const p = swap ? b : a, q = swap ? a : b, u = swap ? y : x, v = swap ? x : y;
  const logU = swap ? logY : logX, logV = swap ? logX : logY;
  // A prefactor that underflows makes J and its partials 0 whatever the expansion: return before the expansion
  // meets 0·∞ (p/u at a subnormal u) or overflows (a >= ~1e154). betaincGradInto only; found by the fuzz.
  if (!sample && betaincPrefix(p, q, u, v, logU, logV, p >= BETA_LARGE_MIN && q >= BETA_LARGE_MIN ? false : betaincUseSeries(q, u)) === 0) {
    out[0] = swap ? 1 : 0;
    out[1] = out[2] = 0;
    return;
  }
  if (p >= BETA_LARGE_MIN && q >= BETA_LARGE_MIN) {
    // quadrature (beta-large.ts) gives J / pdf and the partials / pdf directly
    const r = [0, 0, 0];
    betaLargeInto(r, p, q, u, v);
    if (sample) {
      if (swap) { out[0] = r[2]!; out[1] = r[1]!; } else { out[0] = -r[1]!; out[1] = -r[2]!; }
      if (diffs) out[2] = out[3] = NaN;
      return;
    }
    const pdf = betaincPrefix(p, q, u, v, logU, logV, false) * (p / u / v);
    const j = pdf * r[0]!;
    if (swap) { out[0] = 1 - j; out[1] = -pdf * r[2]!; out[2] = -pdf * r[1]!; } else { out[0] = j; out[1] = pdf * r[1]!; out[2] = pdf * r[2]!; }
    return;
  }
  const series = betaincUseSeries(q, u);
  // ∂/∂p, ∂/∂q of log(pre): pre = u^p / (p B(p,q)) for the series, u^p v^q / (p B(p,q)) for the fraction;
  // ψ(p) + 1/p = ψ(1 + p) keeps tiny p finite; for p >= 1 the difference ψ(p + q) - ψ(p) is taken directly
  // (it cancels when q << p). (Not digammaDiff(1 + p, q - 1): q - 1 rounds, and p + q with it when both are tiny.)
  // digammaDiff's two branches written out, so that ψ(p + q) (= ψ(q + p): the sum is exact-commutative) is computed
  // once: one of q >= p, p >= q holds, so at least one difference takes the plain branch.
  const psiS = digamma(p + q);
  const dp = p >= 1 ? (digammaDiffPlain(p, q) ? psiS - digamma(p) : digammaDiffSeries(p, q)) : NaN; // ψ(p + q) - ψ(p)
  const lp = logU + (p >= 1 ? dp - 1 / p : psiS - digamma(1 + p));
  const dq = digammaDiffPlain(q, p) ? psiS - digamma(q) : digammaDiffSeries(q, p); // ψ(p + q) - ψ(q)
  let lq = dq;
  let g: number;
  if (series) {
    g = betaincSeries(p, q, u, out);
  } else {
    g = betaincFraction(p, q, u, v, out);
    lq += logV;
  }
  const bp = g * lp + out[0]!;
  const bq = g * lq + out[1]!;
  if (sample) {
    const k = series ? u * Math.exp((1 - q) * logV) / p : u * v / p; // pre / pdf
    if (swap) { out[0] = k * bq; out[1] = k * bp; } else { out[0] = -k * bp; out[1] = -k * bq; }
    if (diffs) {
      const dpAll = p >= 1 ? dp : digammaDiffPlain(p, q) ? psiS - digamma(p) : digammaDiffSeries(p, q);
      out[2] = swap ? dq : dpAll;
      out[3] = swap ? dpAll : dq;
    }
    return;
  }
  const pre = betaincPrefix(p, q, u, v, logU, logV, series);
  const j = pre * g;
  if (swap) {
    out[0] = 1 - j; out[1] = -pre * bq; out[2] = -pre * bp;
  } else {
    out[0] = j; out[1] = pre * bp; out[2] = pre * bq;
  }
}

/**
 * Fills out[0..2] with [I_x(a, b), ∂I_x(a, b)/∂a, ∂I_x(a, b)/∂b] and returns out (length >= 3; no allocation).
 *
 * **Method**: forward-mode differentiation of `betainc`'s expansions (power series or the even part of the
 * continued fraction in Wallis form, its denominators formed from λ = a - (a+b) x, after the same mirroring
 * I_x(a, b) = 1 - I_(1-x)(b, a)), value and both partials carried through every
 * recurrence, stopped when all three have converged; the prefactor's partials are closed-form
 * (log x - 1/a - ψ(a) + ψ(a+b) and log(1-x) - ψ(b) + ψ(a+b) for the fraction). Cap `betaincMaxIter`.
 * Edge cases: x = 0 -> [0, 0, 0], x = 1 -> [1, 0, 0]; invalid a, b, x or NaN -> NaN.
 * **Accuracy** (max relative error against mpmath's 40-digit mp.diff of betainc, Beta quantiles 1e-6 ... 1-1e-6,
 * a, b in [0.05, 1000], 941 points): I 7.8e-15, ∂I/∂a and ∂I/∂b 1.6e-14 (8.4e-14 and 8.9e-14 before the λ form).
 * **Source**: Boik & Robison-Cox, "Derivatives of the incomplete beta function", J. Stat. Software 3(1), 1998
 * (differentiating the continued fraction's recurrences); TensorFlow Probability `tfp.math.betainc` gradients;
 * Numerical Recipes 6.4; Cephes `incbet`.
 */
export function betaincGradInto(out: Out, a: number, b: number, x: number): Out {
  checkNumber(a, "a", "betaincGradInto");
  checkNumber(b, "b", "betaincGradInto");
  checkNumber(x, "x", "betaincGradInto");
  checkOut(out, 3, "betaincGradInto");
  if (!betaincDomain(a, b, x) || betaincUnsupported(a, b, x)) { // (betainc.ts: NaN where unsupported, documented)
    out[0] = out[1] = out[2] = NaN;
    return out;
  }
  if (x === 0 || x === 1) {
    out[0] = x; out[1] = 0; out[2] = 0;
    return out;
  }
  if (a + b === Infinity) { // a step of width < 1e-154: its partials are 0 at every double but x0 itself
    out[0] = betaincOverflow(a, b, x); out[1] = 0; out[2] = 0;
    return out;
  }
  betaPartials(out, a, b, x, 1 - x, Math.log(x), Math.log1p(-x), false);
  return out;
}

/**
 * Fills out[0..1] with the implicit reparameterization gradient [dz/da, dz/db] of z ~ Beta(a, b) and returns out
 * (length >= 2; no allocation): dz/da = -(∂I_z(a, b)/∂a) / p(z; a, b), dz/db = -(∂I_z(a, b)/∂b) / p(z; a, b),
 * p(z; a, b) = z^(a-1) (1-z)^(b-1) / B(a, b).
 *
 * Optional logZ = log z and log1mZ = log(1 - z): samplers that work in log space (tiny concentrations, where z
 * rounds to 0 or 1) should pass both; they then define the point: the smaller of z, 1 - z is taken from its log
 * (exp(log1mZ) keeps 1 - z when z itself has rounded to 1) and the other as its complement. Without them,
 * log z = Math.log(z) and log(1 - z) = Math.log1p(-z).
 *
 * **Method** (by region, after mirroring to the side u <= (p+1)/(p+q+2) of betaincSwap): the direct implicit route
 * (Figurnov et al. 2018) with ∂I/∂a, ∂I/∂b from `betaincGradInto`'s forward-mode power series (q u <= 1 and
 * u <= 1/2) or continued fraction (otherwise), and the density divided out in closed form (the prefactor over the
 * pdf is z(1-z)/a for the fraction), so no exp(±large) is formed and no lbeta is needed; the digamma differences
 * share ψ(a+b) and take `digammaDiff`'s termwise series where one parameter dwarfs the other. For
 * min(a, b) >= 2e3 (BETA_LARGE_MIN) the quadrature of beta-large.ts gives both partials over the pdf directly;
 * where a + b overflows, the mean's derivatives. Before all of these, where min(a, b) >= 150 (BETA_TEMME_MIN),
 * max(a, b) <= 1e6 and the draw lies within |ξ| sqrt(min(a, b)) <= 3.5 of the mean (about 3.5 standard deviations),
 * the Gaussian-moment expansion of beta-temme.ts (Temme's variable, at most 12 terms whose coefficients follow
 * from an ODE, the pdf divided out exactly) gives both.
 * **Cost** (on `npm run bench:torch`'s 100 000 Beta points, a, b log-uniform in [0.1, 1000], z a draw): 369-374 ns
 * per point on average (CPU time, Node 20), 4 421 instructions (callgrind). 46.7% of the points take the series
 * (mean 11.5 terms), 49.2% the fraction (mean 16.9 double steps), 4.1% beta-temme.ts's expansion (~0.4 µs at
 * Beta(3000, 5000), against 3.7 µs for the quadrature); counted with an instrumented copy of the loops. On an
 * equivalent set of points the series takes 31% of the time and the fraction 69%: by min(a, b), 8% below 1, 25% in
 * [1, 10), 24% in [10, 100), 11% from 100. Timing the parts alone: on a series point (~200 ns) the series is ~40%,
 * the three digammas ~a third, the two logs and an exp ~a sixth, the rest the region logic, whose branches are
 * unpredictable on random points; on a fraction point (~510 ns) the fraction is ~80%. The quadrature costs ~4 µs
 * (120 nodes, each two log1p and one exp).
 * **Domain and cost**: every double input; at most 1000 double steps, 120 quadrature nodes or 12 expansion terms. Edge cases: z = 0
 * or z = 1 (after the logs) -> [0, 0], the limits; invalid a, b, z or NaN -> NaN.
 * **Accuracy**: max relative error (|expected| in the denominator) against mpmath's 40-digit reference, within
 * 1e-12 on every row of every fixture:
 * 7.5e-15 for dz/da and dz/db at the 941 points of test/fixtures/incomplete-beta.json (12 x 12 a, b in
 * [0.05, 1000], quantiles 1e-6 ... 1-1e-6) and 2.6e-14 at its 432 upper-tail points given as exact 1 - z through
 * logZ, log1mZ (including the 67 where z rounds to 1). test/fixtures/beta-regions.json (970 points on the method
 * edges and in the bulk a, b in 5 ... 2000): 2.8e-14 (bulk), 9.4e-15 (digamma switches), 1.7e-14 (mirroring
 * point), 4.4e-15 (mirroring point at ratios 3e4 ... 1e8 with min(z, 1 - z) near 1e-4), 2.2e-15 (quadrature edge),
 * 5.7e-15 (series edges), 8.6e-16 (a ~ 1e-8). test/fixtures/beta-wide.json (a, b in 1e-6 ... 1e8): 2.8e-14 where
 * max/min < 1e4, 8.3e-16 where min >= 1e4 (1.2e-13 before the quadrature's exponent left out its linear part) and
 * 2.1e-14 at ratios 1e4 ... 1e11. test/fixtures/beta-temme.json
 * (min(a, b) 60 ... 1e5, max(a, b) up to 1e6, draws from the mean to 4.5 standard deviations, both sides of each
 * edge of beta-temme.ts's region): 1.4e-13 at all 2805 rows.
 * Before the continued fraction formed its denominators from λ (betaincFraction), the mirrored fraction's d_n
 * rounded against -1 next to z = 1 and near the mean at large ratios: 2.2e-9 at ratios >= 1e4 (the 0.9999 quantile
 * of Beta(1, 1e8)), 1.2e-9 on the mirroring-point rows at ratios 3e4 ... 1e8, 3.2e-11 on beta-temme.json's rows at
 * ratios >= 500, 8.8e-14 on the grid.
 * **Source**: Figurnov, Mohamed & Mnih, "Implicit Reparameterization Gradients", NeurIPS 2018; Boik &
 * Robison-Cox 1998; TensorFlow Probability (betainc partials, Beta sample gradients); Temme, "Special Functions"
 * (Wiley 1996) ch. 11 and TOMS 708's basym for the expansion near the mean (see beta-temme.ts).
 */
export function betaSampleGradInto(out: Out, z: number, a: number, b: number, logZ?: number, log1mZ?: number): Out {
  return sampleGrad(out, z, a, b, logZ, log1mZ, false);
}

/** betaSampleGradInto, and with `diffs` also betaSampleGradDigammaInto's out[2..3] (NaN at the edges). */
function sampleGrad(out: Out, z: number, a: number, b: number, logZ: number | undefined, log1mZ: number | undefined, diffs: boolean): Out {
  // one inline test (see Performance notes); the named checks run only when it fails
  if (typeof z !== "number" || typeof a !== "number" || typeof b !== "number" ||
    (logZ !== undefined && typeof logZ !== "number") || (log1mZ !== undefined && typeof log1mZ !== "number") ||
    !(out instanceof Float64Array || Array.isArray(out)) || out.length < (diffs ? 4 : 2)) {
    sampleArgsFailure(out, z, a, b, logZ, log1mZ, diffs);
  }
  if (diffs) out[2] = out[3] = NaN;
  const lx = logZ ?? Math.log(z);
  const ly = log1mZ ?? Math.log1p(-z);
  if (!betaincDomain(a, b, z) || Number.isNaN(lx + ly)) {
    out[0] = out[1] = NaN;
    return out;
  }
  let x: number, y: number;
  if (lx <= ly) {
    x = logZ === undefined ? z : Math.exp(lx);
    y = 1 - x;
  } else {
    y = log1mZ === undefined ? 1 - z : Math.exp(ly);
    x = 1 - y;
  }
  if (x === 0 || y === 0 || betaincUnsupported(a, b, x)) {
    out[0] = out[1] = x === 0 || y === 0 ? 0 : NaN; // (betainc.ts: NaN where unsupported, documented)
    return out;
  }
  if (a + b === Infinity) {
    // width < 1e-154: z moves with the mean x0 = a/(a+b), dz/da = y0/(a+b), dz/db = -x0/(a+b), to double precision
    const h = 0.5 * a + 0.5 * b;
    out[0] = 0.5 * b / h * (0.5 / h);
    out[1] = -0.5 * a / h * (0.5 / h);
    return out;
  }
  if (a >= BETA_TEMME_MIN && b >= BETA_TEMME_MIN && a <= BETA_TEMME_MAX && b <= BETA_TEMME_MAX &&
    betaTemmeInto(out, a, b, x, y, diffs)) return out;
  betaPartials(out, a, b, x, y, lx, ly, true, diffs);
  return out;
}

/**
 * Fills out[0..1] as {@link betaSampleGradInto} (same arguments, method and accuracy) and out[2..3] with the digamma
 * differences ψ(a+b) - ψ(a) and ψ(a+b) - ψ(b) that its expansion computes on the way, and returns out (length
 * >= 4; no allocation). They are what the partials of the Beta log-density at the draw need
 * (∂/∂a log p(z) = log z + ψ(a+b) - ψ(a)), so a caller that wants both pays for the digammas once. Where one
 * parameter dwarfs the other they come from the termwise-differenced series (`digammaDiff`'s), free of the
 * cancellation of ψ(a+b) - ψ(a) taken as written; in beta-temme.ts's region, log1p(b/a) plus the difference of
 * the two ψ(z) - log z series. NaN where the expansion has none: min(a, b) >= 2e3 away from the mean (the
 * quadrature), and the edge cases (z = 0 or 1, a + b overflowing, invalid arguments); the caller then computes
 * them itself.
 * **Source**: as {@link betaSampleGradInto}.
 */
export function betaSampleGradDigammaInto(out: Out, z: number, a: number, b: number, logZ?: number, log1mZ?: number): Out {
  return sampleGrad(out, z, a, b, logZ, log1mZ, true);
}

/**
 * [dz/da, dz/db] for z ~ Beta(a, b): the allocating form of `betaSampleGradInto` (same arguments, method and
 * accuracy).
 */
export function betaSampleGrad(z: number, a: number, b: number, logZ?: number, log1mZ?: number): [number, number] {
  const out: [number, number] = [0, 0];
  betaSampleGradInto(out, z, a, b, logZ, log1mZ);
  return out;
}

// Performance notes. betaSampleGradDigammaInto exists so that Beta's log-density at its own draw reuses the ψ(a+b)
// and ψ(a) or ψ(b) computed here (and the termwise difference where one would cancel) instead of three digammas
// of its own. betaSampleGradInto sits on Beta.rsample's path: its argument check is one inline chain of
// typeof tests, with the message-building checks in a cold function. With checkNumber five times and checkOut at
// its top, a within-process A/B on the implicit bench's Beta grid (best of 16 alternating 150 ms rounds) gave +27%
// over the previous version, +5% without any checks; the inline form gave +4% and +52% in two runs: the shared
// machine's noise is of that order, so the cost is not settled.
// Measured and dropped (scratch A/B on the bench's points): evaluating the fraction backwards from a length found by a
// value-only forward pass (half the flops per step) agreed with the forward-mode partials only to 5e-3 at parameter
// ratios >= 1e4 and 6e-7 in the bulk (the tangents need more steps than the value); with the fraction already
// rescaling every second step it was 5-10% faster.
// The fixed-cost expansion near the mean (beta-temme.ts) generates its coefficients per call, about N² flops for
// N terms; in V8 that is ~1.7 ns per multiply-add, and the terms needed for 2e-13 grow as min(a, b) falls (17 at 30,
// 14 at 60, 12 at 150, measured against mpmath within 3.5 standard deviations). It beats the fraction only from
// min(a, b) ~ 100-150 on (A/B figures at BETA_TEMME_MIN), so points with 10 <= min(a, b) < 150, which carry most of
// the fraction's steps on bench:torch's points, still take the fraction. Reaching them at fixed cost needs the
// coefficients precomputed as functions of μ = a/(a+b) (bivariate tables: ~N²/2 numbers per series for N ~ 20-25 at
// min(a, b) = 10, too large for the bundle) or a cheaper per-call generation than the ODE route.
