// Beta(a, b) draws from two log-gamma draws, returning z together with log z and log(1 - z) so that tiny
// concentrations (a, b ~ 1e-3) never produce an exact 0 or 1. Called by distributions/beta.ts (the coin-flip
// guide's rsample). Uses gamma.ts; read bernoulli.ts next.
import { checkRng, type Rng } from "./rng.ts";
import { check, checkPositive, checkType } from "../check.ts";
import { logGammaDraw, marsagliaTsang } from "./gamma.ts";

/** A Beta draw with its logs, each accurate on its own (log z is not computed as Math.log(z)). */
export interface BetaDraw {
  /** The draw, strictly inside (0, 1). */
  z: number;
  /** log z. */
  logZ: number;
  /** log(1 - z). */
  log1mZ: number;
}

/**
 * z ~ Beta(a, b), density z^(a-1) (1-z)^(b-1) / B(a, b) on (0, 1); see {@link betaInto} for the method.
 * Allocates one small object per call; loops should call betaInto.
 *
 * @throws TypeError unless rng is an Rng and a, b are numbers; RangeError unless a and b are finite and > 0.
 */
export function beta(rng: Rng, a: number, b: number): BetaDraw {
  checkRng(rng, "beta");
  checkPositive(a, "a", "beta");
  checkPositive(b, "b", "beta");
  const out = [0, 0, 0];
  betaDraw(out, rng, a, b);
  return { z: out[0]!, logZ: out[1]!, log1mZ: out[2]! };
}

/**
 * Writes [z, log z, log(1 - z)] for z ~ Beta(a, b) into out[0..2], allocating nothing.
 *
 * Method: z = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) independent, X drawn first. For a, b >= 1 the draws
 * are Marsaglia and Tsang's, z = X/(X+Y) and 1 - z = Y/(X+Y) are each accurate to an ulp, and log z, log(1 - z)
 * come from whichever is below 1/2 (log1p(-w) for the other); when z or 1 - z is below 2^-1000 or X + Y
 * overflows, and whenever a or b is below 1, the draw is made in log space:
 * lx = logStandardGamma(a), then ly = logStandardGamma(b) (in that order), and with
 * L = logaddexp(lx, ly), log z = lx - L and log(1 - z) = ly - L. L is formed as max + log1p(exp(-|lx - ly|)),
 * so the larger side's log is -log1p(tiny) (accurate near 0) instead of a difference of large numbers.
 * z itself is exp(log z) when log z < log(1/2), else -expm1(log(1 - z)): each formula is used where it has
 * full relative accuracy in z or 1 - z, so z is exactly 0 or 1 only when the logs say it is within an
 * ulp of 0 or 1. Last resort (documented clamp): an exp that underflows gives z = Number.MIN_VALUE (5e-324),
 * and a 1 - z below 2^-54 gives z = 1 - 2^-53; logZ and log1mZ keep their unclamped, finite values.
 * They are finite whenever both log-gamma draws are, i.e. for a, b >= ~1e-306. Below that, when both log-gamma
 * draws are -Infinity, one more uniform picks the end (1 with probability a/(a + b), the mean), and the
 * logs are -Infinity and 0: the limit of Beta(a, b) as a, b -> 0.
 *
 * Source: the gamma-ratio representation (e.g. Devroye, "Non-Uniform Random Variate Generation", 1986,
 * IX.4). The log-space treatment answers the underflow that PyTorch's `test_beta_underflow` checks for
 * (test/distributions/test_distributions.py): at a = b = 0.01 no draw may be exactly 0 or 1.
 *
 * @throws TypeError unless out is a Float64Array or an Array, rng an Rng and a, b numbers; RangeError unless out
 * has room for 3 entries and a and b are finite and > 0.
 */
export function betaInto(out: Float64Array | number[], rng: Rng, a: number, b: number): void {
  checkType(out instanceof Float64Array || Array.isArray(out), "out", "a Float64Array or an Array", out, "betaInto");
  check(out.length >= 3, "out.length", ">= 3", out.length, "betaInto");
  checkRng(rng, "betaInto");
  checkPositive(a, "a", "betaInto");
  checkPositive(b, "b", "betaInto");
  betaDraw(out, rng, a, b);
}

/** {@link betaInto} without the argument checks. */
function betaDraw(out: Float64Array | number[], rng: Rng, a: number, b: number): void {
  if (a >= 1 && b >= 1) {
    // Both gamma draws come straight from Marsaglia and Tsang (as logGammaDraw's would, from the same uniforms),
    // and z = x/(x+y) and 1 - z = y/(x+y) are each good to an ulp; their logs come from whichever of the two is
    // below 1/2 (log1p(-small) for the other): two logarithms, where the log-space route below takes five
    // transcendental calls.
    const x = marsagliaTsang(rng, a), y = marsagliaTsang(rng, b), s = x + y, z = x / s, w = y / s;
    // Else (z or 1 - z below 2^-1000, or x + y overflowing: parameters of extreme size or ratio) the logs route.
    if (z > 2 ** -1000 && w > 2 ** -1000) {
      out[0] = Math.min(z, 1 - 2 ** -53);
      out[1] = z < 0.5 ? Math.log(z) : Math.log1p(-w);
      out[2] = w < 0.5 ? Math.log(w) : Math.log1p(-z);
      return;
    }
    return betaFromLogs(out, rng, a, b, Math.log(x), Math.log(y));
  }
  return betaFromLogs(out, rng, a, b, logGammaDraw(rng, a), logGammaDraw(rng, b));
}

/** The log-space route of {@link betaInto} from the two log-gamma draws lx, ly (X's first), as its doc describes. */
function betaFromLogs(out: Float64Array | number[], rng: Rng, a: number, b: number, lx: number, ly: number): void {
  if (lx === -Infinity && ly === -Infinity) {
    // a, b below ~1e-306: both log-gamma draws overflow. Beta(a, b) tends to Bernoulli(a/(a+b)) (z at 0 or 1) as
    // a, b -> 0, and here z is within 1e-300 of an end with probability 1 - O(a + b): draw the end.
    const one = rng.uniform() * (a + b) < b ? 0 : 1;
    out[0] = one ? 1 - 2 ** -53 : 5e-324;
    out[1] = one ? 0 : -Infinity;
    out[2] = one ? -Infinity : 0;
    return;
  }
  // d = -|lx - ly| = (smaller - larger) exactly, so the larger side's log is exactly -s.
  const d = -Math.abs(lx - ly);
  const s = Math.log1p(Math.exp(d));
  const logZ = lx >= ly ? -s : d - s;
  const log1mZ = lx >= ly ? d - s : -s;
  const z = logZ < -Math.LN2 ? Math.exp(logZ) : -Math.expm1(log1mZ); // log z < log(1/2): z from log z
  // Clamped to [5e-324, 1 - 2^-53]: the smallest double above 0 (Number.MIN_VALUE) and the largest below 1.
  out[0] = Math.min(Math.max(z, 5e-324), 1 - 2 ** -53);
  out[1] = logZ;
  out[2] = log1mZ;
}
