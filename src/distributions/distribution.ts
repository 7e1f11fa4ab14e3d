// What every distribution offers (the Distribution interface) and the argument checks they share.
// Called by beta.ts, bernoulli.ts, gamma.ts, and by infer/ (which only ever sees this interface).
import { Var, sum, valueOf, type Scalar, type Value } from "../autodiff/index.ts";
import type { Rng } from "../random/index.ts";
import type { Constraint } from "./constraints.ts";

/**
 * A probability distribution whose parameters may be tape nodes. `logProb` is differentiable in the parameters
 * (and in a node-valued x); `rsample` (where `hasRsample`) returns a node whose value is a draw and whose
 * derivatives with respect to the parameters are the reparameterization gradients dz/dθ.
 */
export interface Distribution {
  /** Whether {@link Distribution.rsample} exists: false for discrete distributions. */
  readonly hasRsample: boolean;
  /** The set that samples live in. */
  readonly support: Constraint;
  /** log p(x); elementwise over a Float64Array of values. */
  logProb(x: Value): Value;
  /** A draw as a plain value (no gradient). */
  sample(rng: Rng): number | Float64Array;
  /** A draw as a tape node carrying dz/dθ (a plain number when no parameter is a node). */
  rsample(rng: Rng): Value;
  /** The same distribution with its parameters' values as constants: log q(z) with no path to θ. */
  detach(): Distribution;
  /** Throw a RangeError naming the first element of x outside the support. */
  checkSupport(x: Value): void;
  /**
   * Σ log p(x_i) as one scalar (Pyro's log_prob_sum). Equal to sum(logProb(x)); a distribution may compute it in
   * one pass without the intermediate vector node.
   */
  logProbSum(x: Value): Scalar;
}

/** Throw a RangeError naming `name` unless every element of the parameter passes `ok`. */
export function checkParam(dist: string, name: string, x: Value, ok: (v: number) => boolean, what: string): void {
  const v = valueOf(x);
  if (typeof v === "number") {
    if (!ok(v)) throw new RangeError(`${dist}: parameter ${name} must be ${what}, got ${v}`);
    return;
  }
  for (let i = 0; i < v.length; i++) {
    if (!ok(v[i]!)) throw new RangeError(`${dist}: parameter ${name}[${i}] must be ${what}, got ${v[i]}`);
  }
}

/** Throw a RangeError naming the position of the first element of x that fails `ok`. */
export function checkValue(dist: string, x: Value, ok: (v: number) => boolean, what: string): void {
  const v = valueOf(x);
  if (typeof v === "number") {
    if (!ok(v)) throw new RangeError(`${dist}: value ${v} is outside the support ${what}`);
    return;
  }
  for (let i = 0; i < v.length; i++) {
    if (!ok(v[i]!)) throw new RangeError(`${dist}: value at position ${i} is ${v[i]}, outside the support ${what}`);
  }
}

/** (0, ∞) and finite: the domain of concentrations and rates. */
export const isPositive = (v: number): boolean => v > 0 && v < Infinity;

/** Σ_i v_i for a log-probability that may be a scalar or a vector: the generic logProbSum. */
export function total(v: Value): Scalar {
  return typeof v === "number" || v instanceof Var ? v : sum(v);
}
