// Pearson's chi-square goodness-of-fit test for the discrete samplers (test/random/{poisson,binomial,categorical}):
// counts of draws in bins of consecutive integers against exact bin probabilities from scripts/fixtures_discrete.py.
import { gammaincc } from "../../src/special/index.ts";

/** One sampler case of test/fixtures/discrete.json: bins [edges[i-1], edges[i]) (open at both ends) and masses. */
export interface BinnedCase {
  kind: string;
  params: Record<string, number | number[]>;
  seed: number;
  draws: number;
  edges: number[];
  mass: number[];
}

/** The bin of x: the number of edges at or below it (edges ascending). */
export function binOf(edges: readonly number[], x: number): number {
  let lo = 0, hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * X² = Σ (O_i - E_i)² / E_i over bins of positive mass, with E_i = n·mass_i, and its p-value
 * P(χ²_df >= X²) = Q(df/2, X²/2) (the regularized upper incomplete gamma), df = (bins of positive mass) - 1.
 * A draw in a bin of mass 0 makes X² infinite (p-value 0).
 */
export function chiSquare(counts: ArrayLike<number>, mass: ArrayLike<number>): { stat: number; df: number; pValue: number } {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i]!;
  let stat = 0, bins = 0;
  for (let i = 0; i < counts.length; i++) {
    const o = counts[i]!, e = n * mass[i]!;
    if (e === 0) {
      if (o > 0) stat = Infinity;
      continue;
    }
    bins++;
    stat += ((o - e) * (o - e)) / e;
  }
  const df = bins - 1;
  return { stat, df, pValue: stat === Infinity ? 0 : df === 0 ? 1 : gammaincc(df / 2, stat / 2) };
}
