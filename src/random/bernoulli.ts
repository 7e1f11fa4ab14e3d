// Bernoulli(p) draws as 0 or 1: the coin of the coin-flip example's data simulation. Called by
// distributions/bernoulli.ts and tests. Read index.ts for the whole random layer's exports.
import { check, checkNumber } from "../check.ts";
import { checkRng, type Rng } from "./rng.ts";

/**
 * 1 with probability p, else 0: returns 1 when U < p for U = rng.uniform() in [0, 1).
 *
 * Method: inversion with one 53-bit uniform; P(1) = ceil(p 2^53) 2^-53, i.e. exactly p for p a multiple of
 * 2^-53 (so p = 0 never and p = 1 always gives 1), within 2^-53 otherwise.
 *
 * @throws TypeError unless rng is an Rng and p a number; RangeError unless 0 <= p <= 1.
 */
export function bernoulli(rng: Rng, p: number): number {
  checkRng(rng, "bernoulli");
  checkNumber(p, "p", "bernoulli");
  check(p >= 0 && p <= 1, "p", "in [0, 1]", p, "bernoulli");
  return rng.uniform() < p ? 1 : 0;
}
