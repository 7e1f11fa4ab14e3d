// Quantile functions of the autoguides' families, for guide.median and guide.quantiles: the standard Normal's
// (AutoNormal, AutoMeanField's Normal factor), and the Gamma's and Beta's (AutoMeanField's factors), the last two by
// inverting special/'s regularized incomplete functions. Numbers in, numbers out; called by auto-normal.ts and
// auto-mean-field.ts only. Read auto-guide.ts first.
import { betainc, betaincc, gammainc, gammaincc, lbeta, lgamma } from "../special/index.ts";

/** Horner's rule: c[0] + c[1]x + ... + c[7]x⁷. */
const poly = (c: readonly number[], x: number): number => c.reduceRight((s, v) => s * x + v, 0);

// Wichura's PPND16 coefficients (Applied Statistics algorithm AS 241, 1988), the three rational approximations:
// the centre |p - ½| <= 0.425 in r = 0.180625 - (p - ½)², and the tails in r = √(-log min(p, 1 - p)) - 1.6 (r <= 5)
// or - 5 beyond. Numerator and denominator of each, lowest degree first (each denominator's constant term is 1).
const CENTRE = [
  [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
    45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727],
  [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
    21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561],
];
const NEAR = [
  [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
    1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4],
  [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
    0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9],
];
const FAR = [
  [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
    0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7],
  [1, 0.5998322065558879376, 0.13692988092273580531, 0.0148753612908506148525,
    7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15],
];

/**
 * Φ⁻¹(p), the standard Normal quantile: x with P(N(0, 1) <= x) = p, for 0 < p < 1.
 *
 * Method: Wichura's PPND16 (AS 241), rational approximations in three regions, no iteration.
 * Accuracy: 1e-15 relative against scipy.special.ndtri on p in [1e-300, 1 - 1e-10] (test/infer/auto-quantile.test.ts).
 * Source: M. J. Wichura (1988), "Algorithm AS 241: The Percentage Points of the Normal Distribution", Applied
 * Statistics 37(3), 477-484.
 */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(CENTRE[0]!, r)) / poly(CENTRE[1]!, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const [num, den] = r <= 5 ? NEAR : FAR;
  r -= r <= 5 ? 1.6 : 5;
  const x = poly(num!, r) / poly(den!, r);
  return q < 0 ? -x : x;
}

/**
 * Solve F(x(t)) = p for t by Newton's method kept inside a bisection bracket [lo, hi] in t, where x(t) is the
 * family's map from t and `step(t)` returns the Newton step (F(x(t)) - p) / (dF/dt). Stops when a step is below
 * 2⁻⁵⁰ relative, the bracket collapses, or after 200 iterations.
 */
function solve(step: (t: number) => number, t: number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    // A NaN step is 0/0 (a residual of 0: the root); an infinite one (the derivative underflowed) still has the
    // residual's sign, and falls back to bisection below.
    const s = step(t);
    if (Number.isNaN(s)) return t;
    // F is increasing in t: a positive step means F(x(t)) > p, so the root lies below t.
    if (s > 0) hi = t;
    else lo = t;
    let next = t - s;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 2 ** -50 * Math.max(1, Math.abs(t)) || next === lo || next === hi) return next;
    t = next;
  }
  return t;
}

/**
 * The Gamma(α, 1) quantile: x with P(α, x) = p (divide by the rate for Gamma(α, λ)), for 0 < p < 1.
 *
 * Method: Newton's method in t = log x on P(α, eᵗ) - p, whose derivative is eᵗ·density = exp(αt - eᵗ - lgamma α),
 * safeguarded by bisection; for p > ½ the residual is (1 - p) - Q(α, x), so the upper tail keeps its digits. The
 * start is Wilson and Hilferty's cube-root Normal approximation, or (p Γ(α + 1))^(1/α) where that is not positive
 * (the lower tail, P(α, x) ≈ x^α / Γ(α + 1)).
 * Accuracy: 1e-13 relative against scipy.special.gammaincinv (test/infer/auto-quantile.test.ts).
 */
export function gammaQuantile(p: number, a: number): number {
  const upper = p > 0.5, c = 1 / (9 * a);
  const wh = a * (1 - c + normalQuantile(p) * Math.sqrt(c)) ** 3;
  const t0 = wh > 0 && a > 0.5 ? Math.log(wh) : (Math.log(p) + lgamma(a + 1)) / a;
  const logNorm = lgamma(a);
  const t = solve((t) => {
    const x = Math.exp(t), f = upper ? 1 - p - gammaincc(a, x) : gammainc(a, x) - p;
    return f / Math.exp(a * t - x - logNorm);
  }, t0, -745, 710);
  return Math.exp(t);
}

/**
 * The Beta(α, β) quantile: x with I_x(α, β) = p, for 0 < p < 1.
 *
 * Method: Newton's method in t = logit x on I_x(α, β) - p, whose derivative is x(1 - x)·density =
 * exp(α log x + β log(1 - x) - log B(α, β)), safeguarded by bisection; for p > ½ the residual is (1 - p) - (1 - I),
 * with 1 - I from betaincc. The start is the logit of the mean.
 * Accuracy: 1e-13 relative against scipy.special.betaincinv (test/infer/auto-quantile.test.ts).
 */
export function betaQuantile(p: number, a: number, b: number): number {
  const upper = p > 0.5, logNorm = lbeta(a, b);
  const t = solve((t) => {
    // x = σ(t) and 1 - x = σ(-t), each from its own exponential, so neither cancels.
    const x = 1 / (1 + Math.exp(-t)), y = 1 / (1 + Math.exp(t));
    const f = upper ? 1 - p - betaincc(a, b, x) : betainc(a, b, x) - p;
    return f / Math.exp(a * Math.log(x) + b * Math.log(y) - logNorm);
  }, Math.log(a / b), -745, 745);
  return 1 / (1 + Math.exp(-t));
}
