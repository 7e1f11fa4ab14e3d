// Summaries of draws: per site mean, standard deviation and the 5%, 50% and 95% quantiles (elementwise for a vector
// site), the digest Pyro's tutorials print after Predictive. Called by users on Predictive.run's result (predictive.ts).
import { check, checkType } from "../check.ts";

/** One site's summary: numbers for a scalar site, Float64Arrays (one entry per element) for a vector site. */
export interface SiteSummary<T extends number | Float64Array = number | Float64Array> {
  /** The sample mean, (1/n) Σ x_s. */
  mean: T;
  /** The sample standard deviation, √(Σ (x_s - mean)² / (n - 1)) (0 for a single draw). */
  sd: T;
  /** The 5%, 50% and 95% quantiles (linear interpolation between order statistics; see {@link quantile}). */
  q5: T;
  q50: T;
  q95: T;
}

/**
 * summary(samples): for each site of a Predictive result (or any Map from name to draws), its {@link SiteSummary}:
 * numbers for a Float64Array of scalar draws, Float64Arrays for an array of vector draws (elementwise, all of one
 * length). Given one site's draws instead of a Map, that site's summary, typed by its kind.
 * @throws TypeError unless samples is a Map whose values are Float64Arrays or arrays of Float64Arrays (or one such
 * value); RangeError naming the site when it has no draws or its vector draws differ in length.
 */
export function summary(draws: Float64Array): SiteSummary<number>;
export function summary(draws: readonly Float64Array[]): SiteSummary<Float64Array>;
export function summary(samples: ReadonlyMap<string, Float64Array | readonly Float64Array[]>): Map<string, SiteSummary>;
export function summary(samples: unknown): SiteSummary | Map<string, SiteSummary> {
  if (!(samples instanceof Map)) {
    checkType(samples instanceof Float64Array || Array.isArray(samples), "samples", "a Map from site name to draws (Predictive.run's result), or one site's draws", samples, "summary");
    return site(samples as Float64Array | readonly Float64Array[], "summary");
  }
  const out = new Map<string, SiteSummary>();
  for (const [name, draws] of samples) out.set(name, site(draws, `summary of "${name}"`));
  return out;
}

/** The summary of one site's draws, checked (`where` names the site). */
function site(draws: unknown, where: string): SiteSummary {
  if (draws instanceof Float64Array) {
    check(draws.length > 0, "draws", "non-empty", draws, where);
    return summarize(draws);
  }
  checkType(Array.isArray(draws) && draws.every((d) => d instanceof Float64Array), "draws", "a Float64Array or an array of Float64Arrays", draws, where);
  const vs = draws as readonly Float64Array[];
  check(vs.length > 0, "draws", "non-empty", vs, where);
  const k = vs[0]!.length;
  vs.forEach((d, s) => check(d.length === k, `draws[${s}].length`, `${k} (as draws[0]'s)`, d.length, where));
  const columns = Array.from({ length: k }, (_, j) => summarize(Float64Array.from(vs, (d) => d[j]!)));
  const field = (f: keyof SiteSummary<number>): Float64Array => Float64Array.from(columns, (c) => c[f]);
  return { mean: field("mean"), sd: field("sd"), q5: field("q5"), q50: field("q50"), q95: field("q95") };
}

/** The summary of n ≥ 1 scalar draws. */
function summarize(xs: Float64Array): SiteSummary<number> {
  const n = xs.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i]! - mean) ** 2;
  const sorted = Float64Array.from(xs).sort();
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, q5: quantile(sorted, 0.05), q50: quantile(sorted, 0.5), q95: quantile(sorted, 0.95) };
}

/**
 * The p-quantile of sorted draws x_(0) ≤ … ≤ x_(n-1): at h = (n - 1)p, x_(⌊h⌋) + (h - ⌊h⌋)(x_(⌊h⌋+1) - x_(⌊h⌋)),
 * Hyndman & Fan's type 7 (NumPy's default "linear", and Pyro's pyro.ops.stats.quantile).
 */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p, lo = Math.floor(h), hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
