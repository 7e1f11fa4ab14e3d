// What every distribution offers (the Distribution interface), the one range check behind every parameter and
// support error, and the base class that Beta, Bernoulli and Gamma share. Called by beta.ts, bernoulli.ts,
// gamma.ts, and by infer/ (which only ever sees the interface). Read beta.ts next.
import { sum, valueOf, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import type { Rng } from "../random/index.ts";
import { positive, type Constraint } from "./constraints.ts";

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

/**
 * Return x, or throw a RangeError unless every element of x passes `ok` (by default: positive and finite, the
 * domain of concentrations and rates). The message names the quantity, the first failing element and the set it
 * should lie in: "concentration1 is 0, outside (0, ∞)", "probs[2] is NaN, outside [0, 1]". An observation
 * (`name` "value") is named by its position instead: "value at position 3 is 0.5, outside the support".
 */
export function check<T extends Value>(x: T, name: string, ok: (v: number) => boolean = positive.check, set = "(0, ∞)"): T {
  const v = valueOf(x);
  if (typeof v === "number") {
    if (!ok(v)) throw outside(name, v, set);
    return x;
  }
  for (let i = 0; i < v.length; i++) {
    if (!ok(v[i]!)) throw outside(name === "value" ? `value at position ${i}` : `${name}[${i}]`, v[i]!, set);
  }
  return x;
}

const outside = (what: string, v: number, set: string): RangeError => new RangeError(`${what} is ${v}, outside ${set}`);

/**
 * The shared half of a distribution: the support check, sample as rsample without the gradient, and logProbSum
 * as the sum of logProb. Subclasses store each parameter, checked by {@link check}, in a field of its own name
 * (one plain assignment per field: construction happens several times per SVI step), and override what they do
 * better. `Draw` is the type of a sample.
 */
export abstract class Base<Draw extends number | Float64Array = number> implements Distribution {
  abstract readonly hasRsample: boolean;
  abstract readonly support: Constraint;
  abstract logProb(x: Value): Value;
  abstract rsample(rng: Rng): Value;
  abstract detach(): Distribution;

  /** Throw a RangeError naming the value, or its position in a Float64Array, unless it lies in the support. */
  checkSupport(x: Value): void {
    check(x, "value", this.support.check, "the support");
  }

  /** A draw as a plain value: {@link Base.rsample} of the detached distribution, which has no node to make. */
  sample(rng: Rng): Draw {
    return this.detach().rsample(rng) as Draw;
  }

  /** Σ_i log p(x_i): the sum of {@link Base.logProb} (a scalar x is its own sum). */
  logProbSum(x: Value): Scalar {
    const lp = this.logProb(x);
    return typeof valueOf(lp) === "number" ? (lp as Scalar) : sum(lp as Vector);
  }
}
