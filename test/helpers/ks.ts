// Goodness-of-fit helpers for the sampler tests in test/random/: the one-sample Kolmogorov-Smirnov statistic,
// its asymptotic critical value, and an accurate standard normal CDF (the special layer has no erf).
// Read test/random/normal.test.ts for their use.

/** D_n = sup_x |F_n(x) - F(x)| for the empirical CDF F_n of `samples` against `cdf`. */
export function ksStatistic(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const xs = Float64Array.from(samples).sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]!);
    // The empirical CDF jumps from i/n to (i+1)/n at xs[i]: check both sides of the jump.
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/**
 * Asymptotic KS critical value at level 0.001: P(sqrt(n) D_n > 1.95) -> 2 sum (-1)^(k-1) exp(-2 k^2 1.95^2)
 * ≈ 0.001 (Kolmogorov's limit law; the first term alone is 2 exp(-7.605) = 9.97e-4).
 */
export function ksCritical(n: number): number {
  return 1.95 / Math.sqrt(n);
}

/**
 * Phi(x) = (1 + erf(x / sqrt 2)) / 2 for the N(0, 1) CDF, absolute error below 1e-15.
 * erf(z) = (2 / sqrt pi) e^(-z^2) sum_{n>=0} 2^n z^(2n+1) / (1 3 5 ... (2n+1)) (Abramowitz & Stegun 7.1.6):
 * every term is positive, so the sum has no cancellation; for z > 6.5, erfc(z) < 4e-20 and erf(z) = 1.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x) / Math.SQRT2;
  let erf = 1;
  if (z < 6.5) {
    const z2 = z * z;
    let term = z;
    let sum = z;
    for (let n = 1; term > 1e-17 * sum; n++) {
      term *= (2 * z2) / (2 * n + 1);
      sum += term;
    }
    erf = ((2 / Math.sqrt(Math.PI)) * Math.exp(-z2) * sum);
  }
  return x < 0 ? 0.5 * (1 - erf) : 0.5 * (1 + erf);
}
