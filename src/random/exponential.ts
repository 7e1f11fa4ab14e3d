// Exponential draws by inversion, from an open uniform so that a draw is never 0 and never infinite. Called by
// distributions/exponential.ts. Uses rng.ts; read normal.ts for the other building block.
import { checkPositive } from "../check.ts";
import { checkRng, type Rng } from "./rng.ts";

/**
 * A draw E ~ Exponential(1), density e^(-x) on (0, ∞): E = -log U.
 *
 * Method: inversion of the CDF 1 - e^(-x), with U from rng.uniformOpen(), the midpoints (k + ½)·2⁻⁵² of (0, 1):
 * log U is then finite and never 0, so E lies in [-log(1 - 2⁻⁵³), 53 log 2] = [1.1e-16, 36.7], never 0 or ∞.
 * Math.log of the exact U is accurate to an ulp even for U near 1, where E is tiny.
 *
 * Accuracy: exact but for the 2⁻⁵² grid of U (the tail beyond 36.7, probability 2⁻⁵³, is folded onto its end).
 *
 * Source: inversion, L. Devroye, "Non-Uniform Random Variate Generation", Springer 1986, §II.2.
 */
export function standardExponential(rng: Rng): number {
  checkRng(rng, "standardExponential");
  return -Math.log(rng.uniformOpen());
}

/**
 * A draw x ~ Exponential(rate), density rate·e^(-rate·x): E / rate with E from {@link standardExponential}.
 * For rate in [2e-307, 2e307] the draw is finite and positive (E's range divided by rate).
 * @throws TypeError unless rng is an Rng and rate a number; RangeError unless rate is finite and > 0.
 */
export function exponential(rng: Rng, rate: number): number {
  checkRng(rng, "exponential");
  checkPositive(rate, "rate", "exponential");
  return standardExponential(rng) / rate;
}
