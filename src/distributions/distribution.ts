// What every distribution offers (the Distribution interface), the one range check behind every parameter and
// support error, and the base class that Beta, Bernoulli and Gamma share. Called by beta.ts, bernoulli.ts,
// gamma.ts, and by infer/ (which only ever sees the interface). Read beta.ts next.
import { sum, valueOf, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import type { Rng } from "../random/index.ts";
import { message } from "../check.ts";
import { positive, type Constraint } from "./constraints.ts";

/**
 * A probability distribution whose parameters may be tape nodes. `logProb` is differentiable in the parameters
 * (and in a node-valued x); `rsample` (where `hasRsample`) returns a node whose value is a draw and whose
 * derivatives with respect to the parameters are the reparameterization gradients dz/dθ.
 *
 * `D` is the type of a draw: `Scalar` for a scalar distribution, `Vector` for a batch of n (vector parameters,
 * or a vector-valued event such as Dirichlet's), `number` / `Float64Array` for discrete ones. `sample("z", d)`
 * returns a `D`, so `new Gamma(sample("a", new Beta(1, 1)), 1)` type-checks without a cast.
 */
export interface Distribution<D extends Value = Value> {
  /** Whether {@link Distribution.rsample} exists: false for discrete distributions. */
  readonly hasRsample: boolean;
  /** The set that samples live in (elementwise for a batch). */
  readonly support: Constraint;
  /**
   * `[]` for a scalar distribution, `[n]` for a batch of n independent elements (every vector parameter has
   * length n; scalar parameters broadcast), as Pyro's batch_shape.
   */
  readonly batchShape: readonly number[];
  /** `[]` for a scalar-valued draw, `[K]` for a vector-valued one (Dirichlet), as Pyro's event_shape. */
  readonly eventShape: readonly number[];
  /** E[x] (elementwise for a batch). */
  readonly mean: Value;
  /** Var[x] (elementwise for a batch). */
  readonly variance: Value;
  /**
   * log p(x): one value per batch element, and elementwise over a Float64Array of values for a scalar
   * distribution (n observations of one distribution).
   */
  logProb(x: Value): Value;
  /** A draw as a plain value (no gradient). */
  sample(rng: Rng): PlainDraw<D>;
  /** A draw as a tape node carrying dz/dθ (a plain value when no parameter is a node). */
  rsample(rng: Rng): D;
  /** The same distribution with its parameters' values as constants: log q(z) with no path to θ. */
  detach(): Distribution<D>;
  /** Throw a RangeError naming the first element of x outside the support. */
  checkSupport(x: Value): void;
  /**
   * Σ log p(x_i) as one scalar (Pyro's log_prob_sum). Equal to sum(logProb(x)); a distribution may compute it in
   * one pass without the intermediate vector node.
   */
  logProbSum(x: Value): Scalar;
}

/** The draw type of a distribution whose parameters have types P: a Scalar unless some parameter is a vector. */
export type Draw<P extends Value> = [P] extends [Scalar] ? Scalar : Vector;

/** The plain (constant) counterpart of a draw type: what `sample` returns. */
export type PlainDraw<D extends Value> = [D] extends [Scalar] ? number : [D] extends [Vector] ? Float64Array : number | Float64Array;

/** The draw type of a discrete distribution whose parameters have types P: a number unless some is a vector. */
export type DiscreteDraw<P extends Value> = [P] extends [Scalar] ? number : Float64Array;

/**
 * Return x, or throw a RangeError unless every element of x passes `ok` (by default: positive and finite, the
 * domain of concentrations and rates). The message names the quantity, the first failing element and the set it
 * should lie in: "concentration1 is 0, outside (0, ∞)", "probs[2] is NaN, outside [0, 1]". An observation
 * (`name` "value") is named by its position instead: "value at position 3 is 0.5, outside the support".
 */
export function check<T extends Value>(x: T, name: string, ok: (v: number) => boolean = positive.check, set = "(0, ∞)"): T {
  const v = x == null ? x : valueOf(x); // null and undefined reach the TypeError below
  if (typeof v === "number") {
    if (!ok(v)) throw outside(name, v, set);
    return x;
  }
  if (!(v instanceof Float64Array)) throw new TypeError(message(name, "a number, a scalar node, a Float64Array or a vector node", x));
  for (let i = 0; i < v.length; i++) {
    if (!ok(v[i]!)) throw outside(name === "value" ? `value at position ${i}` : `${name}[${i}]`, v[i]!, set);
  }
  return x;
}

const outside = (what: string, v: number, set: string): RangeError => new RangeError(`${what} is ${v}, outside ${set}`);

/** The shape of a scalar: no dimensions. */
export const SCALAR: readonly number[] = [];

/**
 * The batch shape of a distribution with these parameters: `[]` when all are scalars, `[n]` when the vector ones
 * all have length n. @throws RangeError naming both parameters when two vectors differ in length.
 */
export function batchShapeOf(where: string, params: Record<string, Value>): readonly number[] {
  let n = -1, first = "";
  for (const name in params) {
    const v = valueOf(params[name]!);
    if (typeof v === "number") continue;
    if (n < 0) [n, first] = [v.length, name];
    else if (v.length !== n) throw new RangeError(`${where}: ${name} must have length ${n} (as ${first}), got ${v.length}`);
  }
  return n < 0 ? SCALAR : [n];
}

/**
 * The shared half of a distribution: the support check, sample as rsample without the gradient, and logProbSum
 * as the sum of logProb. Subclasses store each parameter, checked by {@link check}, in a field of its own name
 * (one plain assignment per field: construction happens several times per SVI step), set `batchShape` (and
 * `eventShape` for a vector-valued draw), and override what they do better. `D` is the type of a draw.
 */
export abstract class Base<D extends Value = Scalar> implements Distribution<D> {
  abstract readonly hasRsample: boolean;
  abstract readonly support: Constraint;
  abstract readonly mean: Value;
  abstract readonly variance: Value;
  batchShape: readonly number[] = SCALAR;
  eventShape: readonly number[] = SCALAR;
  abstract logProb(x: Value): Value;
  abstract rsample(rng: Rng): D;
  abstract detach(): Distribution<D>;

  /** Throw a RangeError naming the value, or its position in a Float64Array, unless it lies in the support. */
  checkSupport(x: Value): void {
    check(x, "value", this.support.check, "the support");
  }

  /** A draw as a plain value: {@link Base.rsample} of the detached distribution, which has no node to make. */
  sample(rng: Rng): PlainDraw<D> {
    return valueOf(this.detach().rsample(rng)) as PlainDraw<D>;
  }

  /** Σ_i log p(x_i): the sum of {@link Base.logProb} (a scalar x is its own sum). */
  logProbSum(x: Value): Scalar {
    const lp = this.logProb(x);
    return typeof valueOf(lp) === "number" ? (lp as Scalar) : sum(lp as Vector);
  }
}
