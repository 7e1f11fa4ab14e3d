// Plates: conditionally independent batches (Pyro's `plate`), their subsamples, and `gather`, which takes a batch's
// rows of data or entries of a vector parameter. A plate is a message through runtime.ts's handler stack, so a
// guide's subsample is replayed into the model. Called by models and guides; read elbo.ts for how a batch is scored.
import { Vec, vecNode, type Vector } from "../autodiff/index.ts";
import { check, checkInteger, checkType } from "../check.ts";
import type { Distribution } from "../distributions/index.ts";
import { applyStack, checkOptions, handle, makeMessage, type Message } from "./runtime.ts";

/** Options of {@link plate}: a subsample size to draw, or the subsample itself. */
export interface PlateOptions {
  /** How many of the size indices to draw, uniformly without replacement, at each run. */
  subsampleSize?: number;
  /** The indices to use (a handler may still replace them); their count is the subsample size. */
  subsample?: ArrayLike<number>;
}

/**
 * A conditionally independent batch named `name` of `size` elements (Pyro's `plate`). fn receives the indices in
 * use: all of 0..size-1, or a subsample of them, and every sample site inside has its log-probability scaled by
 * size / (number of indices), so the ELBO stays an unbiased estimate of the full data's.
 *
 * Subsampling: with `subsampleSize` m, each run draws m distinct indices uniformly (from the handlers' rng, so
 * SVI's draws are reproducible); with `subsample` the caller gives them. A guide's plate of the same name hands its
 * indices to the model's (replay), so both see the same mini-batch. Inside, take the batch's data with
 * `gather(data, indices)` and its local parameters with `gather(param("alpha_q", ...), indices)`: a latent site
 * then has one element per index in use.
 *
 * @throws TypeError naming the argument unless name is a string, size and subsampleSize numbers, subsample an
 * array of numbers and fn a function; RangeError naming the plate unless size and the subsample size m are
 * integers with 1 ≤ m ≤ size and the indices are distinct integers in [0, size).
 */
export function plate<T>(name: string, size: number, fn: (indices: Int32Array) => T): T;
export function plate<T>(name: string, size: number, options: PlateOptions, fn: (indices: Int32Array) => T): T;
export function plate<T>(name: string, size: number, a: PlateOptions | ((indices: Int32Array) => T), b?: (indices: Int32Array) => T): T {
  checkType(typeof name === "string", "name", "a string", name, "plate");
  const where = `plate "${name}"`;
  const fn = (b ?? a) as (indices: Int32Array) => T;
  checkType(typeof fn === "function", "fn", "a function", fn, where);
  const { subsample, subsampleSize } = b === undefined ? {} : checkOptions(a as PlateOptions, "plate", name);
  checkInteger(size, "size", 1, Number.MAX_SAFE_INTEGER, where);
  const given = subsample === undefined ? undefined : toIndices(subsample, where);
  if (given === undefined && subsampleSize !== undefined) checkInteger(subsampleSize, "subsampleSize", 1, size, where);
  const m = given?.length ?? subsampleSize ?? size;
  const msg = makeMessage("plate", name, given);
  msg.size = size;
  msg.subsampleSize = m;
  applyStack(msg);
  const indices = msg.value as Int32Array;
  // The default draw is valid by construction; indices given here or by a handler (replay) are checked.
  if (!msg.drawn) checkIndices(indices, size, where);
  const scale = size / indices.length;
  // Only sample sites read `scale`, `plates` and `batch`, so every message inside may have them set. Handlers see a
  // message innermost first: the first plate to count a site is its innermost, whose indices size its batch.
  return handle({
    process: (s) => {
      s.scale *= scale;
      if (s.plates++ === 0) s.batch = indices.length;
      s.broadcast = broadcast;
    },
  }, fn, [indices]);
}

/**
 * The distribution a site inside plates draws from: its own if it is a batch of the innermost plate's size, else
 * (Pyro's broadcasting) its `expand` to that size, which becomes the site's distribution, so that a latent written
 * with scalar parameters has one element per index in use and the ELBO scores all of them. Called by the default
 * draw (runtime.ts) only: a value given by a handler (replay, obs) is never expanded.
 * @throws RangeError naming the site when its batch is not the plate's size, or it has no batch and cannot be
 * expanded to one dimension (inside nested plates, or a vector-valued draw such as Dirichlet's).
 */
function broadcast(msg: Message, fn: Distribution): Distribution {
  const where = `sample "${msg.name}"`, n = fn.batchShape[0];
  if (n !== undefined) {
    check(n === msg.batch, "batch size", `the plate's ${msg.batch}`, n, where);
    return fn;
  }
  const ok = msg.plates === 1 && fn.eventShape.length === 0 && typeof fn.expand === "function";
  check(ok, "distribution", "expandable to a batch in one plate (batches are one-dimensional)", fn.constructor.name, where);
  return (msg.fn = fn.expand!(msg.batch));
}

/** The given subsample as an Int32Array, after a TypeError unless it is an array of numbers. */
function toIndices(subsample: unknown, where: string): Int32Array {
  const ok = (Array.isArray(subsample) || ArrayBuffer.isView(subsample)) && !(subsample instanceof DataView) &&
    Array.prototype.every.call(subsample, (x: unknown) => typeof x === "number");
  checkType(ok, "subsample", "an array or typed array of numbers", subsample, where);
  const xs = subsample as ArrayLike<number>;
  for (let k = 0; k < xs.length; k++) check(Number.isInteger(xs[k]) && Math.abs(xs[k]!) < 2 ** 31, `subsample[${k}]`, "an integer", xs[k], where);
  return Int32Array.from(xs);
}

/**
 * Throw a RangeError naming the plate unless the indices are at least one, distinct, and integers in [0, size).
 * O(m): a Set of the indices seen, except for the identity 0..size-1, which is checked in one pass.
 */
function checkIndices(indices: unknown, size: number, where: string): void {
  checkType(indices instanceof Int32Array, "subsample", "an Int32Array", indices, where);
  const xs = indices as Int32Array, m = xs.length;
  check(m >= 1 && m <= size, "subsample size", `an integer in [1, ${size}]`, m, where);
  let identity = m === size;
  for (let k = 0; k < m; k++) {
    check(xs[k]! >= 0 && xs[k]! < size, `subsample[${k}]`, `an integer in [0, ${size})`, xs[k], where);
    identity &&= xs[k] === k;
  }
  if (identity) return;
  const seen = new Set<number>();
  for (let k = 0; k < m; k++) {
    check(!seen.has(xs[k]!), `subsample[${k}]`, "distinct from the indices before it", xs[k], where);
    seen.add(xs[k]!);
  }
}

/**
 * x[indices]: the rows of a data array, or the elements of a vector parameter, that a plate's subsample selects
 * (Pyro's `alpha_q[ind]`). For a Float64Array a new Float64Array; for a vector node a node whose gradient flows
 * back into x at those indices only: d out_k / d x_j = [j = indices_k].
 *
 * @throws TypeError unless x is a Float64Array or Vec and indices an Int32Array; RangeError naming the index
 * outside [0, x.length).
 */
export function gather(x: Float64Array, indices: Int32Array): Float64Array;
export function gather(x: Vec, indices: Int32Array): Vec;
export function gather(x: Vector, indices: Int32Array): Vector;
export function gather(x: Vector, indices: Int32Array): Vector {
  checkType(x instanceof Float64Array || x instanceof Vec, "x", "a Float64Array or Vec", x, "gather");
  checkType(indices instanceof Int32Array, "indices", "an Int32Array", indices, "gather");
  const node = x instanceof Vec ? x : undefined, xv = node ? node.value : (x as Float64Array), n = xv.length;
  for (let k = 0; k < indices.length; k++) check(indices[k]! >= 0 && indices[k]! < n, `indices[${k}]`, `in [0, ${n})`, indices[k], "gather");
  if (!node) return gatherValues(xv, indices, new Float64Array(indices.length));
  const t = node.tape;
  t.check(node);
  const out = vecNode(t, gatherValues(xv, indices, t.take(indices.length)));
  t.pushBackward(out.index, () => {
    const g = out.adjoint;
    if (!g) return;
    const adj = node.adjointOrZeros;
    for (let k = 0; k < indices.length; k++) adj[indices[k]!]! += g[k]!;
  });
  return out;
}

/** out_k = x[indices_k]. */
function gatherValues(x: Float64Array, indices: Int32Array, out: Float64Array): Float64Array {
  for (let k = 0; k < indices.length; k++) out[k] = x[indices[k]!]!;
  return out;
}


// Performance notes. gather copies with a plain loop: Float64Array.from(indices, mapFn) goes through the iterator
// protocol and was about 10x slower. The subsample check is O(m) with a Set, skipped for the default draw (valid by
// construction) and done in one pass for the identity 0..size-1, so a plate without subsampling pays one loop.
