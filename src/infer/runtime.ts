// The effect runtime: `sample`, `param` and `plate` are messages passed through a stack of handlers
// (minipyro's design). This file holds ALL of vitape's mutable module state:
//   - `stack`: the active handlers, innermost last; pushed and popped only by `withHandler`, in try/finally;
//   - `fallbackRng`: the generator `sample` uses outside inference, created (seed 0) on first use.
// Read handlers.ts next for trace, replay, block, seed and scale, then elbo.ts.
import { valueOf, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import type { Constraint, Distribution } from "../distributions/index.ts";
import { real } from "../distributions/constraints.ts";
import { createRng, type Rng } from "../random/index.ts";

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
  /** plate: the full size and the requested subsample size. */
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
function message(type: Message["type"], name: string, value: Message["value"]): Message {
  return {
    type, name, value, fn: undefined, observed: false, scale: 1, rng: undefined, init: undefined, constraint: undefined,
    size: undefined, subsampleSize: undefined, stop: false,
  };
}

const stack: Handler[] = [];
let fallbackRng: Rng | undefined;

/** Run fn with h on top of the handler stack; h is removed however fn exits. */
export function withHandler<T>(h: Handler, fn: () => T): T {
  stack.push(h);
  try {
    return fn();
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
  if (msg.value === undefined) defaultAction(msg);
  for (let j = Math.max(k, 0); j < stack.length; j++) stack[j]!.postprocess?.(msg);
  return msg;
}

function defaultAction(msg: Message): void {
  const rng = msg.rng ?? (fallbackRng ??= createRng(0));
  if (msg.type === "sample") {
    const fn = msg.fn!;
    msg.value = fn.hasRsample ? fn.rsample(rng) : fn.sample(rng);
  } else if (msg.type === "param") {
    // No handler supplied the parameter (outside inference): its initial value is its value, and must be valid.
    // Inside SVI the parameter store checks it once, when it creates the parameter.
    checkInit(msg.name, msg.init!, msg.constraint!);
    msg.value = msg.init;
  } else {
    msg.value = subsampleIndices(rng, msg.size!, msg.subsampleSize ?? msg.size!);
  }
}

/**
 * m distinct indices drawn uniformly from 0..n-1 (all of them, in order, when m = n), by a partial Fisher-Yates
 * shuffle that records only the positions it has swapped, so the cost is O(m), not O(n).
 */
export function subsampleIndices(rng: Rng, n: number, m: number): Int32Array {
  const out = new Int32Array(m);
  if (m >= n) {
    for (let i = 0; i < n; i++) out[i] = i;
    return out;
  }
  const swapped = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.uniform() * (n - i));
    out[i] = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
  }
  return out;
}

/**
 * Draw (or, with `obs`, observe) a random variable named `name` from `fn`. Inside SVI the value comes from the
 * handlers (the guide's draw, replayed into the model); outside, it is a fresh draw from a default rng.
 *
 * @throws RangeError naming the site when an observation is outside the distribution's support.
 */
export function sample(name: string, fn: Distribution, options: { obs?: Value } = {}): Value {
  const observed = options.obs !== undefined;
  if (observed) {
    try {
      fn.checkSupport(options.obs!);
    } catch (e) {
      throw new RangeError(`site "${name}": ${(e as Error).message}`);
    }
  }
  const msg = message("sample", name, options.obs);
  msg.fn = fn;
  msg.observed = observed;
  applyStack(msg);
  return msg.value as Value;
}

/**
 * A learnable parameter named `name`, constrained to `constraint` (default ℝ). Inside SVI the value is a node
 * made from the parameter store (initialized from `init` on first use); outside, `init` itself.
 *
 * @throws RangeError naming the parameter when `init` is outside the constraint.
 */
export function param(name: string, init: number, options?: { constraint?: Constraint }): Scalar;
export function param(name: string, init: Float64Array, options?: { constraint?: Constraint }): Vector;
export function param(name: string, init: number | Float64Array, options: { constraint?: Constraint } = {}): Value {
  const constraint = options.constraint ?? real;
  const msg = message("param", name, undefined);
  msg.init = init;
  msg.constraint = constraint;
  applyStack(msg);
  return msg.value as Value;
}

/** Throw a RangeError naming the parameter unless every element of init satisfies the constraint. */
export function checkInit(name: string, init: number | Float64Array, constraint: Constraint): void {
  const v = valueOf(init);
  const bad = typeof v === "number" ? (constraint.check(v) ? -1 : 0) : v.findIndex((x) => !constraint.check(x));
  if (bad >= 0) {
    const at = typeof v === "number" ? v : v[bad];
    throw new RangeError(`param "${name}": initial value ${at} is outside its constraint (${constraint.spec.type})`);
  }
}

/**
 * A conditionally independent batch named `name` of `size` elements: fn receives the indices in use, all
 * 0..size-1, or a uniform subsample of `subsampleSize` of them (or the given `subsample`), and every sample site
 * inside has its log-probability scaled by size / batch, so the ELBO stays an unbiased estimate.
 */
export function plate<T>(name: string, size: number, fn: (indices: Int32Array) => T): T;
export function plate<T>(name: string, size: number, options: { subsampleSize?: number; subsample?: ArrayLike<number> }, fn: (indices: Int32Array) => T): T;
export function plate<T>(
  name: string,
  size: number,
  a: { subsampleSize?: number; subsample?: ArrayLike<number> } | ((indices: Int32Array) => T),
  b?: (indices: Int32Array) => T,
): T {
  const options = typeof a === "function" ? {} : a;
  const fn = (typeof a === "function" ? a : b)!;
  if (!(Number.isInteger(size) && size > 0)) throw new RangeError(`plate "${name}": size must be a positive integer, got ${size}`);
  const m = options.subsample?.length ?? options.subsampleSize ?? size;
  if (!(Number.isInteger(m) && m > 0 && m <= size)) throw new RangeError(`plate "${name}": subsample size must be in 1..${size}, got ${m}`);
  const given = options.subsample ? Int32Array.from(options.subsample) : undefined;
  const msg = message("plate", name, given);
  msg.size = size;
  msg.subsampleSize = m;
  applyStack(msg);
  const indices = msg.value as Int32Array;
  const scale = size / indices.length;
  return withHandler({ process: (s) => { if (s.type === "sample") s.scale *= scale; } }, () => fn(indices));
}

/** x[indices]: the rows of a data array that a plate's subsample selects. */
export function gather(x: Float64Array, indices: Int32Array): Float64Array {
  const out = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = x[indices[i]!]!;
  return out;
}
