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
 * value); RangeError naming the site when it has no draws, a draw that is NaN or ±∞, or vector draws that
 * differ in length.
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
    checkFinite(draws, "draws", where);
    return summarize(draws);
  }
  checkType(Array.isArray(draws) && draws.every((d) => d instanceof Float64Array), "draws", "a Float64Array or an array of Float64Arrays", draws, where);
  const vs = draws as readonly Float64Array[];
  check(vs.length > 0, "draws", "non-empty", vs, where);
  const k = vs[0]!.length;
  vs.forEach((d, s) => {
    check(d.length === k, `draws[${s}].length`, `${k} (as draws[0]'s)`, d.length, where);
    checkFinite(d, `draws[${s}]`, where);
  });
  const columns = Array.from({ length: k }, (_, j) => summarize(Float64Array.from(vs, (d) => d[j]!)));
  const field = (f: keyof SiteSummary<number>): Float64Array => Float64Array.from(columns, (c) => c[f]);
  return { mean: field("mean"), sd: field("sd"), q5: field("q5"), q50: field("q50"), q95: field("q95") };
}

/** @throws RangeError naming the first element of xs (`name[i]`) that is NaN or ±∞. */
function checkFinite(xs: Float64Array, name: string, where: string): void {
  for (let i = 0; i < xs.length; i++) check(Number.isFinite(xs[i]), `${name}[${i}]`, "finite", xs[i], where);
}

/**
 * The summary of n ≥ 1 finite scalar draws. Draws whose largest |x| is beyond 2^±500 are first scaled by a power
 * of two to |x| ≤ 1 (exact), so that no sum or square overflows (a mean of 1e308 and 1e308) or underflows (the sd
 * of 1e-200 and 2e-200), and the results scaled back.
 */
function summarize(draws: Float64Array): SiteSummary<number> {
  let big = 0;
  for (let i = 0; i < draws.length; i++) big = Math.max(big, Math.abs(draws[i]!));
  const e = big > 2 ** 500 || (big > 0 && big < 2 ** -500) ? Math.floor(Math.log2(big)) : 0;
  if (e === 0) return moments(draws);
  const s = moments(pow2(draws, -e)), back = (x: number): number => pow2(Float64Array.of(x), e)[0]!;
  return { mean: back(s.mean), sd: back(s.sd), q5: back(s.q5), q50: back(s.q50), q95: back(s.q95) };
}

/** xs · 2^e, as two factors of 2^(e/2) so that neither overflows (2^1074 is not a double). */
function pow2(xs: Float64Array, e: number): Float64Array {
  const a = 2 ** Math.trunc(e / 2), b = 2 ** (e - Math.trunc(e / 2));
  return xs.map((x) => x * a * b);
}

/** Mean, sd and quantiles of n ≥ 1 draws of moderate size. */
function moments(xs: Float64Array): SiteSummary<number> {
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
