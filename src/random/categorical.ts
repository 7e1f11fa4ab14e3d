// Categorical draws: an index i in 0..K-1 with probability w_i / Σ_j w_j, by inversion over the cumulative
// weights. Called by distributions/categorical.ts and tests. Read index.ts for the whole random layer.
import { check, checkType } from "../check.ts";
import { checkRng, type Rng } from "./rng.ts";

/**
 * An index i with probability w_i / S, S = Σ_j w_j, for nonnegative weights (need not sum to 1).
 *
 * Method: inversion: with T = U·S (U = rng.uniform()), the first i whose cumulative weight w_0 + … + w_i exceeds
 * T; K steps at most, one uniform. A zero weight is never chosen (the cumulative sum does not grow there, and
 * the comparison is strict); should rounding leave the cumulative sum at or below T, the last positive weight is
 * taken (an error of order 2^-53 in its probability).
 *
 * Why inversion rather than Walker's alias method: the alias table costs O(K) time and two arrays to build and
 * pays back only over many draws from the same weights, while in vitape a Categorical is rebuilt with new
 * parameters at every SVI step and drawn from once or a few times; inversion needs no setup and no allocation.
 * (For many draws from one fixed distribution, Walker's alias method, A. J. Walker, ACM TOMS 3(3), 1977, with
 * Vose's construction, IEEE TSE 17(9), 1991, draws in O(1).)
 *
 * Source: L. Devroye, "Non-Uniform Random Variate Generation", Springer 1986, III.2 (sequential search).
 *
 * @throws TypeError unless weights is a Float64Array; RangeError unless it is non-empty, every weight is finite
 * and >= 0, and the sum is positive and finite.
 */
export function categorical(rng: Rng, weights: Float64Array): number {
  checkRng(rng, "categorical");
  checkType(weights instanceof Float64Array, "weights", "a Float64Array", weights, "categorical");
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (!(w >= 0 && w < Infinity)) check(false, `weights[${i}]`, "finite and >= 0", w, "categorical"); // no string unless it throws
    s += w;
  }
  check(s > 0 && s < Infinity, "the sum of weights", "finite and > 0", s, "categorical");
  const t = rng.uniform() * s;
  let c = 0, last = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    c += w;
    if (t < c) return i;
    last = i;
  }
  return last;
}
