// Monte Carlo summaries shared by the tests that check an expectation within a few standard errors.

/** Sample mean and its standard error sqrt(s² / n), with the unbiased sample variance s². */
export function meanSe(xs: Float64Array): { mean: number; se: number } {
  const n = xs.length;
  let s = 0;
  for (const x of xs) s += x;
  const mean = s / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (n - 1) / n) };
}
