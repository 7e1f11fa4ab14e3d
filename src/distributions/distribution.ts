// What every distribution offers (the Distribution interface), the checks behind every parameter and support error
// (src/check.ts's message shape), batching helpers, and the base class every distribution extends. Called by each
// distribution's file, and by infer/ (which only ever sees the interface). Read beta.ts next.
import { Tape, Var, Vec, add, sum, valueOf, vecNode, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import { check as checkRule, checkInteger, checkType, message } from "../check.ts";
import type { Rng } from "../random/index.ts";
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
  /**
   * The same law as a batch of n independent elements (Pyro's `expand`): each scalar parameter repeated n times,
   * a vector parameter (of length n) kept. How a plate draws n values from a distribution written with scalar
   * parameters. Optional: distributions with a vector-valued draw (Dirichlet) or a vector parameter that is not a
   * batch (Categorical) have none.
   */
  expand?(n: number): Distribution<Vector>;
  /** Throw a RangeError naming the first element of x outside the support. */
  checkSupport(x: Value): void;
  /**
   * Σ log p(x_i) as one scalar (Pyro's log_prob_sum). Equal to sum(logProb(x)); a distribution may compute it in
   * one pass without the intermediate vector node.
   */
  logProbSum(x: Value): Scalar;
}

/**
 * x as n elements: a number as a Float64Array of n copies, a scalar node as a vector node of n copies whose
 * gradient is the sum of theirs (d x_i / d x = 1), a vector of length n as itself. What `expand(n)` does to each
 * parameter. @throws TypeError naming n unless it is a number, RangeError unless it is an integer >= 1 (a safe
 * one), and RangeError naming the parameter when x is a vector of another length.
 */
export function broadcastTo(x: Value, n: number, name: string, where: string): Vector {
  // n comes from a user's expand(n) as well as from a plate: junk would make an empty or a failing Float64Array.
  checkInteger(n, "n", 1, undefined, where);
  if (typeof x === "number") return new Float64Array(n).fill(x);
  if (x instanceof Var) return add(x, new Float64Array(n)) as Vec;
  checkRule(valueOf(x).length === n, `${name}'s length`, `${n}`, valueOf(x).length, where);
  return x;
}

/** The draw type of a distribution whose parameters have types P: a Scalar unless some parameter is a vector. */
export type Draw<P extends Value> = [P] extends [Scalar] ? Scalar : Vector;

/** The plain counterpart of a parameter type: a number for a scalar, a Float64Array for a vector (what detach keeps). */
export type PlainValue<P extends Value> = [P] extends [Scalar] ? number : Float64Array;

/** The plain (constant) counterpart of a draw type: what `sample` returns. */
export type PlainDraw<D extends Value> = [D] extends [Scalar] ? number : [D] extends [Vector] ? Float64Array : number | Float64Array;

/** The draw type of a discrete distribution whose parameters have types P: a number unless some is a vector. */
export type DiscreteDraw<P extends Value> = [P] extends [Scalar] ? number : Float64Array;

/** The types a distribution parameter may have, as the TypeError for any other names them. */
export const PARAMETER_TYPES = "a number, Var, Float64Array or Vec";

/**
 * Return x, a parameter of the distribution `where`, after checking it (src/check.ts's one message shape):
 * a TypeError naming `name` and {@link PARAMETER_TYPES} unless x is a number, Var, Float64Array or Vec; a RangeError
 * unless every element passes `ok` (by default: finite and > 0, the domain of concentrations and rates), naming
 * the element of a vector: "Beta: concentration1[2] must be finite and > 0, got NaN".
 */
export function checkParam<T extends Value>(x: T, name: string, where: string, ok: (v: number) => boolean = positive.check, rule = "finite and > 0"): T {
  // A scalar (the hot case: guides build distributions from nodes on every step) costs one test and no string.
  if (typeof x === "number" || x instanceof Var) {
    const u = typeof x === "number" ? x : (x as Var).value;
    checkRule(ok(u), name, rule, u, where);
    return x;
  }
  return checkVectorParam(x, name, where, ok, rule);
}

/**
 * {@link checkParam} with its default rule (finite and > 0), for concentrations and rates: a scalar that passes
 * costs two tests in a function small enough to inline twice into a constructor that a model inlines in turn.
 */
export function checkPositiveParam<T extends Value>(x: T, name: string, where: string): T {
  const u = typeof x === "number" ? x : x instanceof Var ? x.value : NaN;
  return u > 0 && u < Infinity ? x : checkParam(x, name, where);
}

/** checkParam for anything but a scalar, out of line so that distribution constructors stay small enough to inline. */
function checkVectorParam<T extends Value>(x: T, name: string, where: string, ok: (v: number) => boolean, rule: string): T {
  const v = x instanceof Float64Array ? x : x instanceof Vec ? x.value : undefined;
  checkType(v !== undefined, name, PARAMETER_TYPES, x, where);
  for (let i = 0; i < v!.length; i++) if (!ok(v![i]!)) throw new RangeError(message(`${name}[${i}]`, rule, v![i], where));
  return x;
}

/**
 * Throw a RangeError unless every element of x lies in `support`: "Beta: value must be in the support [0, 1], got
 * 1.2", and for a Float64Array "value at position 3 must be ...", where the owner's class names the distribution;
 * or unless a vector x has the owner's batch length. A value of another type is a TypeError.
 */
export function checkValue(x: Value, support: Constraint, owner: object): void {
  // The owner's class names the error; its name is read only when there is one to build.
  if (typeof x === "number" || x instanceof Var) {
    const v = valueOf(x as Scalar);
    if (!support.check(v)) throw new RangeError(message("value", `in the support ${setOf(support)}`, v, owner.constructor.name));
    return;
  }
  const v = x instanceof Float64Array ? x : x instanceof Vec ? x.value : undefined;
  if (v === undefined) throw new TypeError(message("value", PARAMETER_TYPES, x, owner.constructor.name));
  // A batch of n takes one value per element (a scalar broadcasts); a scalar distribution takes any number.
  const batch = (owner as { batchShape?: readonly number[] }).batchShape;
  if (batch !== undefined && batch.length === 1 && v.length !== batch[0]) {
    throw new RangeError(message("value", `of length ${batch[0]} (the batch shape)`, v, owner.constructor.name));
  }
  for (let i = 0; i < v.length; i++) {
    if (!support.check(v[i]!)) {
      throw new RangeError(message(`value at position ${i}`, `in the support ${setOf(support)}`, v[i], owner.constructor.name));
    }
  }
}

/**
 * The earlier form of {@link checkParam}, kept for distributions written against it: x checked against `ok`, with the
 * rule "in <set>" and no class name. New code calls `checkParam`.
 */
export function check<T extends Value>(x: T, name: string, ok: (v: number) => boolean = positive.check, set = "(0, ∞)"): T {
  return checkParam(x, name, "", ok, `in ${set}`);
}

/** A constraint as a set, for messages: "[0, 1]", "(0, ∞)"; a constraint with no notation here by its type. */
function setOf(c: Constraint): string {
  const s = c.spec as { type: string; lo?: number; hi?: number };
  const known: Record<string, string> = {
    real: "ℝ", positive: "(0, ∞)", nonnegative: "[0, ∞)", boolean: "{0, 1}", unitInterval: "[0, 1]",
    interval: `(${s.lo}, ${s.hi})`, greaterThan: `(${s.lo}, ∞)`,
  };
  return known[s.type] ?? s.type;
}

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

/** x·y, but 0 when x = 0 whatever y is: a density's (α-1) log z term and its derivative vanish for α = 1, even at z = 0. */
export const xy = (x: number, y: number): number => (x === 0 ? 0 : x * y);

/** A `{ probs }` or `{ logits }` record rather than a parameter value (or a value of a wrong type, such as an array). */
export const isRecord = (x: unknown): boolean =>
  typeof x === "object" && x !== null && !(x instanceof Var || x instanceof Vec || ArrayBuffer.isView(x) || Array.isArray(x));

/** Whether a parameter is a scalar (a number or a scalar node) rather than a vector. */
export const isScalar = (x: Value): boolean => typeof x === "number" || x instanceof Var;

/** The tape of the first node among a distribution's parameters, or undefined when all are constants. */
export function tapeOfParams(x1: Value, x2: Value): Tape | undefined {
  return x1 instanceof Var || x1 instanceof Vec ? x1.tape : x2 instanceof Var || x2 instanceof Vec ? x2.tape : undefined;
}

/**
 * A vector node of value y (borrowed from t's pool) whose element i depends on element i of x1 and x2 (or on a
 * scalar one, broadcast) through the per-element partials dy_i/dx1_i = d1[i], dy_i/dx2_i = d2[i]: how a batch of
 * implicitly reparameterized draws joins the tape. One backward closure applies them all in one loop, adding
 * Σ_i ȳ_i d_i into a broadcast scalar's adjoint. Constant operands are skipped.
 */
export function fromElementPartials(t: Tape, y: Float64Array, x1: Value, d1: Float64Array, x2: Value, d2: Float64Array): Vec {
  if (x1 instanceof Var || x1 instanceof Vec) t.check(x1);
  if (x2 instanceof Var || x2 instanceof Vec) t.check(x2);
  const out = vecNode(t, y);
  t.pushBackward(out.index, () => {
    const g = out.adjoint;
    if (!g) return;
    scatter(t, g, x1, d1);
    scatter(t, g, x2, d2);
  });
  return out;
}

/** x̄ += ȳ ⊙ d elementwise for a vector node x, or x̄ += Σ_i ȳ_i d_i for a broadcast scalar node. */
function scatter(t: Tape, g: Float64Array, x: Value, d: Float64Array): void {
  if (x instanceof Vec) {
    const xa = x.adjointOrZeros;
    for (let i = 0; i < g.length; i++) xa[i]! += g[i]! * d[i]!;
  } else if (x instanceof Var) {
    let s = 0;
    for (let i = 0; i < g.length; i++) s += g[i]! * d[i]!;
    t.adjoints[x.index]! += s;
  }
}

/**
 * The shared half of a distribution: the support check, sample as rsample without the gradient, and logProbSum
 * as the sum of logProb. Subclasses store each parameter, checked by {@link checkParam}, in a field of its own name
 * (one plain assignment per field: construction happens several times per SVI step), set `batchShape` (and
 * `eventShape` for a vector-valued draw), and override what they do better. `D` is the type of a draw.
 */
export abstract class Base<D extends Value = Scalar> implements Distribution<D> {
  abstract readonly hasRsample: boolean;
  abstract readonly support: Constraint;
  abstract readonly mean: Value;
  abstract readonly variance: Value;
  /** The shapes a subclass set (see batchShape and eventShape): absent, not undefined, on a scalar distribution. */
  declare private batch: readonly number[] | undefined;
  declare private event: readonly number[] | undefined;
  abstract logProb(x: Value): Value;

  /** `[]` unless the subclass set a batch of n: `[n]`. */
  get batchShape(): readonly number[] {
    return this.batch ?? SCALAR;
  }

  set batchShape(shape: readonly number[]) {
    this.batch = shape;
  }

  /** `[]` unless the subclass set a vector-valued draw of K: `[K]`. */
  get eventShape(): readonly number[] {
    return this.event ?? SCALAR;
  }

  set eventShape(shape: readonly number[]) {
    this.event = shape;
  }
  abstract rsample(rng: Rng): D;
  abstract detach(): Distribution<D>;

  /** Throw a RangeError naming the value, or its position in a Float64Array, unless it lies in the support. */
  checkSupport(x: Value): void {
    checkValue(x, this.support, this);
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

// Performance notes. Base has no constructor work: batchShape and eventShape are accessors over a field that only a
// batched distribution creates. With the two as class fields, every `new Beta(...)` called Base's constructor
// through V8's generic construct stub (TurboFan does not inline a super() call into a base class with field
// initializers): about 500 instructions per construction, two per coin-flip step (callgrind). With no base
// constructor, super() allocates in place and a model inlines the whole construction.
