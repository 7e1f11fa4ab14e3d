// The effect runtime: `sample`, `param` and `plate` are messages passed through a stack of handlers
// (minipyro's design). This file holds ALL of vitape's mutable module state:
//   - `stack`: the active handlers, innermost last; pushed and popped only by `withHandler`, in try/finally;
//   - `fallbackRng`: the generator `sample` uses outside inference, created (seed 0) on first use.
// Read handlers.ts next for trace, replay, block and seed, then elbo.ts.
import type { Scalar, Value, Vector } from "../autodiff/index.ts";
import type { Constraint, Distribution } from "../distributions/index.ts";
import { real } from "../distributions/constraints.ts";
import { createRng, subsampleIndices, type Rng } from "../random/index.ts";

/** A message: one effectful call travelling through the handler stack. */
export interface Message {
  type: "sample" | "param" | "plate";
  name: string;
  /** The value: set by a handler (replay, the param store) or by the default action. */
  value: Value | Int32Array | undefined;
  /** sample: the distribution. */
  fn?: Distribution;
  /** sample: the value was observed (given as `obs`). */
  observed: boolean;
  /** Multiplier of this site's log-probability (plates with subsampling set it). */
  scale: number;
  /** The generator for the default action; set by a seed handler. */
  rng?: Rng;
  /** param: the initial constrained value and the constraint. */
  init?: number | Float64Array;
  constraint?: Constraint;
  /** plate: the full size and the subsample size. */
  size?: number;
  subsampleSize?: number;
  /** Set by a handler to keep the message from the handlers below it. */
  stop: boolean;
}

/** A handler: sees each message on the way in (`process`) and on the way out (`postprocess`). */
export interface Handler {
  process?(msg: Message): void;
  postprocess?(msg: Message): void;
}

/**
 * A new message with every field present, in one order: all messages then share one hidden class in V8, so the
 * handlers' property reads stay monomorphic (objects built with different fields would make them megamorphic).
 */
function message(type: Message["type"], name: string, value?: Message["value"]): Message {
  return {
    type, name, value, fn: undefined, observed: false, scale: 1, rng: undefined, init: undefined, constraint: undefined,
    size: undefined, subsampleSize: undefined, stop: false,
  };
}

const stack: Handler[] = [];
let fallbackRng: Rng | undefined;

/**
 * fn(...args) with h on top of the handler stack; h is removed however fn exits. (Passing fn and its arguments
 * rather than a closure spares the inference loop a closure per call.)
 */
export function withHandler<A extends unknown[], T>(h: Handler, fn: (...args: A) => T, ...args: A): T {
  stack.push(h);
  try {
    return fn(...args);
  } finally {
    stack.pop();
  }
}

/**
 * Send msg through the stack: each handler's `process` from the innermost out (until one sets `stop`), then the
 * default action if no handler gave it a value, then `postprocess` back the same way (minipyro's apply_stack).
 */
export function applyStack(msg: Message): Message {
  let k = stack.length - 1;
  for (; k >= 0; k--) {
    stack[k]!.process?.(msg);
    if (msg.stop) break;
  }
  // The default action, when no handler gave the message a value: a sample is a fresh draw, a plate's indices a
  // fresh subsample, and a parameter outside inference its initial value, which must be valid (inside SVI the
  // parameter store checks it once, when it creates the parameter).
  if (msg.value === undefined) {
    const rng = msg.rng ?? (fallbackRng ??= createRng(0)), fn = msg.fn!;
    if (msg.type === "sample") msg.value = fn.hasRsample ? fn.rsample(rng) : fn.sample(rng);
    else if (msg.type === "plate") msg.value = subsampleIndices(rng, msg.size!, msg.subsampleSize!);
    else {
      checkInit(msg.name, msg.init!, msg.constraint!);
      msg.value = msg.init;
    }
  }
  for (let j = Math.max(k, 0); j < stack.length; j++) stack[j]!.postprocess?.(msg);
  return msg;
}

/**
 * Draw (or, with `obs`, observe) a random variable named `name` from `fn`. Inside SVI the value comes from the
 * handlers (the guide's draw, replayed into the model); outside, it is a fresh draw from a default rng.
 *
 * An observation is checked against the support when the ELBO computes its log-probability, which then throws a
 * RangeError naming the site (svi.step leaves everything as it was). The draw has its distribution's draw type:
 * a `Scalar` from a scalar distribution, a `Vector` from a batch.
 */
export function sample<D extends Value>(name: string, fn: Distribution<D>): D;
export function sample(name: string, fn: Distribution, options: { obs?: Value }): Value;
export function sample(name: string, fn: Distribution, { obs }: { obs?: Value } = {}): Value {
  const msg = message("sample", name, obs);
  msg.fn = fn;
  // An observation is checked against the support where its log-probability is computed (the ELBO names the site
  // then), not here as well: that would be a second pass over the data on every step.
  msg.observed = obs !== undefined;
  return applyStack(msg).value as Value;
}

/**
 * A learnable parameter named `name`, constrained to `constraint` (default ℝ). Inside SVI the value is a node
 * made from the parameter store (initialized from `init` on first use); outside, `init` itself.
 *
 * @throws RangeError naming the parameter when `init` is outside the constraint.
 */
export function param(name: string, init: number, options?: { constraint?: Constraint }): Scalar;
export function param(name: string, init: Float64Array, options?: { constraint?: Constraint }): Vector;
export function param(name: string, init: number | Float64Array, { constraint = real }: { constraint?: Constraint } = {}): Value {
  const msg = message("param", name);
  msg.init = init;
  msg.constraint = constraint;
  return applyStack(msg).value as Value;
}

/** Throw a RangeError naming the parameter and the value unless every element of init satisfies the constraint. */
export function checkInit(name: string, init: number | Float64Array, constraint: Constraint): void {
  for (const x of typeof init === "number" ? [init] : init) {
    if (!constraint.check(x)) throw new RangeError(`param "${name}": ${x} is outside its constraint (${constraint.spec.type})`);
  }
}

/** Options of {@link plate}: a subsample size to draw, or the subsample itself. */
export interface PlateOptions {
  /** How many of the size indices to draw, uniformly without replacement, at each run. */
  subsampleSize?: number;
  /** The indices to use (a handler may still replace them); their count is the subsample size. */
  subsample?: ArrayLike<number>;
}

/**
 * A conditionally independent batch named `name` of `size` elements: fn receives the indices in use, all
 * 0..size-1, or a uniform subsample of `subsampleSize` of them (or the given `subsample`), and every sample site
 * inside has its log-probability scaled by size / batch, so the ELBO stays an unbiased estimate.
 *
 * @throws RangeError naming the plate unless the size and the subsample size m are integers with 1 ≤ m ≤ size.
 */
export function plate<T>(name: string, size: number, fn: (indices: Int32Array) => T): T;
export function plate<T>(name: string, size: number, options: PlateOptions, fn: (indices: Int32Array) => T): T;
export function plate<T>(name: string, size: number, a: PlateOptions | ((indices: Int32Array) => T), b?: (indices: Int32Array) => T): T {
  const { subsample, subsampleSize } = b ? (a as PlateOptions) : {};
  const m = subsample?.length ?? subsampleSize ?? size;
  if (!(Number.isInteger(size) && Number.isInteger(m) && m > 0 && m <= size)) {
    throw new RangeError(`plate "${name}": need integers 1 <= subsample size (${m}) <= size (${size})`);
  }
  const msg = message("plate", name, subsample && Int32Array.from(subsample));
  msg.size = size;
  msg.subsampleSize = m;
  const indices = applyStack(msg).value as Int32Array, scale = size / indices.length;
  // Only sample sites read `scale`, so every message inside may have it multiplied.
  return withHandler({ process: (s) => { s.scale *= scale; } }, () => (b ?? (a as (indices: Int32Array) => T))(indices));
}

/** x[indices]: the rows of a data array that a plate's subsample selects. */
export function gather(x: Float64Array, indices: Int32Array): Float64Array {
  // A plain loop: Float64Array.from(indices, mapFn) goes through the iterator protocol and is ~10x slower.
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = x[indices[k]!]!;
  return out;
}
