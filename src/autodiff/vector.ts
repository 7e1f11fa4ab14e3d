// Applying a number function and its partials to every kind of value (number, Var, Float64Array, Vec), with
// scalar-vector broadcasting, and the reductions sum, dot and logSumExp. ops.ts defines each primitive as one call
// to apply1/apply2 with its value and its partials side by side; this file is the only place that knows how a
// partial becomes a tape node, and where a wrong-typed operand is turned away. Read grad.ts next.
import { Tape, Var, Vec, tapeOf, type Scalar, type Value, type Vector } from "./tape.ts";
import { loop1, loop2 } from "./loops.ts";
import { checkType, message } from "../check.ts";

/** A unary operation on every kind of value; numbers and Float64Arrays are constants and stay plain. */
export interface UnaryOp {
  (x: number): number;
  (x: Float64Array): Float64Array;
  (x: Var): Var;
  (x: Vec): Vec;
  (x: Scalar): Scalar;
  (x: Value): Value;
}

/** A binary operation; a vector operand broadcasts a scalar one. */
export interface BinaryOp {
  (x: number, y: number): number;
  (x: Float64Array | number, y: Float64Array | number): Float64Array;
  (x: Scalar, y: Scalar): Var;
  (x: Value, y: Value): Vec;
}

/** The derivative of y = f(x), given x and y (many derivatives are cheapest from y). */
export type Partial1 = (x: number, y: number) => number;
/** A partial derivative of y = f(x1, x2), given both arguments and y. */
export type Partial2 = (x1: number, x2: number, y: number) => number;

/**
 * The elementwise loops of a unary op: forward (y_i = f(x_i)) when called without `g`; backward with the output's
 * adjoint g, x̄_i = ȳ_i · df(x_i, y_i), added to x̄_i when `acc`, else assigned (see {@link Vec.adjoint}).
 */
export type Loop1 = (
  f: (x: number) => number, df: Partial1, x: Float64Array, y: Float64Array, g?: Float64Array, xa?: Float64Array, acc?: boolean,
) => void;
/**
 * The elementwise loops of a binary op. Operand element i is `u[i·su]` or `v[i·sv]`: a stride of 0 reads a scalar
 * from a one-element array, so one loop serves every broadcast, and in the backward loop a stride of 0 sums into
 * the scalar's one-element adjoint. A constant operand has no adjoint array (`ua` or `va` undefined).
 */
export type Loop2 = (
  f: (x1: number, x2: number) => number, d1: Partial2, d2: Partial2, u: Float64Array, su: number, v: Float64Array, sv: number,
  y: Float64Array, g?: Float64Array, ua?: Float64Array, au?: boolean, va?: Float64Array, av?: boolean,
) => void;

/**
 * y = f(x) on any value, recording d y/d x = df(x, y) when x is a node. `name` is the op's, for error messages
 * ("log: x must be ..."); a custom op may leave it.
 */
export function apply1(x: Value, f: (x: number) => number, df: Partial1, loop: Loop1 = loop1, name = "apply1"): Value {
  if (typeof f !== "function" || typeof df !== "function") badKernels(name, f, df);
  if (x instanceof Var) {
    const t = x.tape;
    t.check(x);
    const v = x.value, y = f(v);
    return t.push(x.index, df(v, y), 0, 0, y);
  }
  return typeof x === "number" ? f(x) : map1(x, f, df, loop, name);
}

/** apply1 on a vector, or on a wrong-typed x, which is rejected here rather than on the scalar path. */
function map1(x: Vector, f: (x: number) => number, df: Partial1, loop: Loop1, name: string): Vector {
  if (!isVector(x)) throw new TypeError(message("x", VALUE, x, name));
  checkFunction(loop, "loop", name);
  const t = tapeOf(x), xv = valueOf(x), y = t ? t.take(xv.length) : new Float64Array(xv.length);
  loop(f, df, xv, y);
  if (!t) return y;
  const out = vecNode(t, y);
  t.pushBackward(out.index, () => {
    const g = out.adjoint, x_ = x as Vec, acc = x_.adjoint !== undefined;
    if (g) loop(f, df, xv, y, g, (x_.adjoint ??= t.take(y.length)), acc);
  });
  return out;
}

/**
 * y = f(x1, x2) on any values, recording both partials for node operands. A wrong-typed operand is a TypeError
 * that names x1 "x" and x2 "y", as the binary ops of ops.ts call them.
 */
export function apply2(
  x1: Value, x2: Value, f: (x1: number, x2: number) => number, d1: Partial2, d2: Partial2, loop: Loop2 = loop2, name = "apply2",
): Value {
  if (typeof f !== "function" || typeof d1 !== "function" || typeof d2 !== "function") badKernels(name, f, d1, d2);
  if (x1 instanceof Var) {
    const t = x1.tape;
    t.check(x1);
    if (x2 instanceof Var) {
      t.check(x2);
      const a = x1.value, b = x2.value, y = f(a, b);
      return t.push(x1.index, d1(a, b, y), x2.index, d2(a, b, y), y);
    }
    if (typeof x2 === "number") {
      const a = x1.value, y = f(a, x2);
      return t.push(x1.index, d1(a, x2, y), 0, 0, y);
    }
  } else if (typeof x1 === "number") {
    if (x2 instanceof Var) {
      const t = x2.tape;
      t.check(x2);
      const b = x2.value, y = f(x1, b);
      return t.push(x2.index, d2(x1, b, y), 0, 0, y);
    }
    if (typeof x2 === "number") return f(x1, x2);
  }
  return map2(x1, x2, f, d1, d2, loop, name);
}

/** apply2 with at least one vector operand, or a wrong-typed one, which is rejected here. */
function map2(x1: Value, x2: Value, f: (x1: number, x2: number) => number, d1: Partial2, d2: Partial2, loop: Loop2, name: string): Vector {
  if (!isValue(x1)) throw new TypeError(message("x", VALUE, x1, name));
  if (!isValue(x2)) throw new TypeError(message("y", VALUE, x2, name));
  checkFunction(loop, "loop", name);
  // At least one operand is a vector; a scalar one is read through a one-element array with stride 0.
  const t = tapeOf(x1, x2), u = asArray(x1), v = asArray(x2), su = +!isScalar(x1), sv = +!isScalar(x2);
  const n = su ? u.length : v.length;
  if (su && sv && v.length !== n) throw new RangeError(message("y", `of length ${n} (as x)`, v, name));
  const y = t ? t.take(n) : new Float64Array(n);
  loop(f, d1, d2, u, su, v, sv, y);
  if (!t) return y;
  const out = vecNode(t, y);
  t.pushBackward(out.index, () => {
    const g = out.adjoint;
    if (!g) return;
    // Read the accumulate flags one at a time: in add(x, x) the second operand adds to what the first assigned.
    const au = isAccumulated(x1), ua = adjointOf(t, x1), av = isAccumulated(x2), va = adjointOf(t, x2);
    loop(f, d1, d2, u, su, v, sv, y, g, ua, au, va, av);
    if (x1 instanceof Var) t.adjoints[x1.index]! += ua![0]!;
    if (x2 instanceof Var) t.adjoints[x2.index]! += va![0]!;
  });
  return out;
}

const VALUE = "a number, Var, Float64Array or Vec", VECTOR = "a Float64Array or Vec";
const isVector = (x: unknown): x is Vector => x instanceof Float64Array || x instanceof Vec;
const isValue = (x: unknown): x is Value => typeof x === "number" || x instanceof Var || isVector(x);
/** The loop handed to apply1/apply2 must be a function (checked where a vector meets it). */
const checkFunction = (f: unknown, name: string, where: string): void => checkType(typeof f === "function", name, "a function", f, where);

/** The TypeError for apply1/apply2's first kernel that is not a function (out of line: the scalar paths stay small). */
function badKernels(where: string, ...fs: unknown[]): never {
  const names = fs.length === 2 ? ["f", "df"] : ["f", "d1", "d2"];
  fs.forEach((f, k) => checkFunction(f, names[k]!, where));
  throw new Error("unreachable");
}
const isScalar = (x: Value): x is Scalar => typeof x === "number" || x instanceof Var;
const asArray = (x: Value): Float64Array => (isScalar(x) ? Float64Array.of(valueOf(x)) : valueOf(x));
/** A vector operand's adjoint holds contributions already; a scalar node sums into a zeroed one-element array. */
const isAccumulated = (x: Value): boolean => !(x instanceof Vec) || x.adjoint !== undefined;
/** Where a backward loop writes operand x's contribution: nowhere for a constant. */
const adjointOf = (t: Tape, x: Value): Float64Array | undefined =>
  x instanceof Vec ? (x.adjoint ??= t.take(x.value.length)) : x instanceof Var ? new Float64Array(1) : undefined;

/**
 * A scalar node whose partials were computed elsewhere: y = value with dy/dx_k = d_k for up to three operands.
 * This is how a quantity defined implicitly (a sample z with F(z; a, b) = u) or a fused kernel joins the tape.
 * Number operands are constants; with no node operand the plain value is returned. A node has two parent slots,
 * so a third node operand costs a second node (y' = y with dy'/dy = 1).
 */
export function fromPartials(value: number, x1: Scalar, d1: number, x2: Scalar = 0, d2 = 0, x3: Scalar = 0, d3 = 0): Scalar {
  const n1 = x1 instanceof Var, n2 = x2 instanceof Var, n3 = x3 instanceof Var;
  if (typeof value !== "number" || typeof d1 !== "number" || typeof d2 !== "number" || typeof d3 !== "number" ||
    !(n1 || typeof x1 === "number") || !(n2 || typeof x2 === "number") || !(n3 || typeof x3 === "number")) {
    badPartials(value, x1, d1, x2, d2, x3, d3);
  }
  const t = n1 ? x1.tape : n2 ? x2.tape : n3 ? x3.tape : undefined;
  if (!t) return value;
  if (n1) t.check(x1);
  if (n2) t.check(x2);
  if (n3) t.check(x3);
  // A constant operand's parent is the sink, node 0, whose adjoint nobody reads.
  const y = t.push(n1 ? x1.index : 0, d1, n2 ? x2.index : 0, d2, value);
  return n3 ? t.push(y.index, 1, x3.index, d3, value) : y;
}

/** The TypeError for fromPartials' first wrong-typed argument (the operands x1, x2, x3 sit at the odd places). */
function badPartials(...args: unknown[]): never {
  const k = args.findIndex((a, k) => (k % 2 ? !(typeof a === "number" || a instanceof Var) : typeof a !== "number"));
  throw new TypeError(message("value x1 d1 x2 d2 x3 d3".split(" ")[k]!, k % 2 ? "a number or Var" : "a number", args[k], "fromPartials"));
}

/** Σ_i x_i.  d/dx_i = 1. */
export function sum(x: Vec): Var;
export function sum(x: Float64Array): number;
export function sum(x: Vector): Scalar;
export function sum(x: Vector): Scalar {
  checkType(isVector(x), "x", VECTOR, x, "sum");
  const xv = valueOf(x), s = dotWith(xv);
  if (!(x instanceof Vec)) return s;
  const t = x.tape;
  t.check(x);
  const y = t.push(0, 0, 0, 0, s);
  t.pushBackward(y.index, () => {
    const g = t.adjoints[y.index]!;
    if (x.adjoint) for (let i = 0; i < xv.length; i++) x.adjoint[i]! += g;
    else x.adjoint = t.take(xv.length).fill(g);
  });
  return y;
}

/** Σ_i x_i y_i.  d/dx_i = y_i, d/dy_i = x_i. */
export function dot(x: Vector, y: Vector): Scalar {
  checkType(isVector(x), "x", VECTOR, x, "dot");
  checkType(isVector(y), "y", VECTOR, y, "dot");
  const t = tapeOf(x, y);
  const xv = valueOf(x), yv = valueOf(y);
  if (xv.length !== yv.length) throw new RangeError(message("y", `of length ${xv.length} (as x)`, yv, "dot"));
  const s = dotWith(xv, yv);
  if (!t) return s;
  const out = t.push(0, 0, 0, 0, s);
  t.pushBackward(out.index, () => {
    const g = t.adjoints[out.index]!;
    if (x instanceof Vec) for (let i = 0; i < xv.length; i++) x.adjointOrZeros[i]! += g * yv[i]!;
    if (y instanceof Vec) for (let i = 0; i < yv.length; i++) y.adjointOrZeros[i]! += g * xv[i]!;
  });
  return out;
}

/**
 * log Σ_i exp(x_i), computed as m + log Σ_i exp(x_i - m) with m = max_i x_i, so that no exp overflows and the
 * largest term is exp(0) = 1.  d/dx_i = exp(x_i - m) / Σ_j exp(x_j - m) = softmax(x)_i.
 * An empty x gives log 0 = -∞. When m is infinite (all entries -∞, or some +∞) the value is m and the partials are
 * spread equally over the entries equal to m: softmax's limit as those entries move to m together.
 */
export function logSumExp(x: Vec): Var;
export function logSumExp(x: Float64Array): number;
export function logSumExp(x: Vector): Scalar;
export function logSumExp(x: Vector): Scalar {
  checkType(isVector(x), "x", VECTOR, x, "logSumExp");
  const xv = valueOf(x), n = xv.length, m = maxOf(xv);
  const finite = m > -Infinity && m < Infinity, s = finite ? sumExp(xv, m) : 0;
  const value = finite ? m + Math.log(s) : m;
  if (!(x instanceof Vec)) return value;
  const t = x.tape;
  t.check(x);
  const out = t.push(0, 0, 0, 0, value);
  t.pushBackward(out.index, () => {
    const g = t.adjoints[out.index]!, acc = x.adjoint !== undefined, xa = (x.adjoint ??= t.take(n));
    if (finite) {
      const w = g / s;
      for (let i = 0; i < n; i++) xa[i] = (acc ? xa[i]! : 0) + w * Math.exp(xv[i]! - m);
    } else {
      let ties = 0;
      for (let i = 0; i < n; i++) if (xv[i] === m) ties++;
      for (let i = 0; i < n; i++) xa[i] = (acc ? xa[i]! : 0) + (xv[i] === m ? g / ties : 0);
    }
  });
  return out;
}

/** max_i x_i (-∞ for an empty x; NaN entries are skipped here and reach the value through sumExp). */
function maxOf(x: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i]! > m) m = x[i]!;
  return m;
}

/** Σ_i exp(x_i - m). */
function sumExp(x: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i]! - m);
  return s;
}

/** Σ_i x_i y_i, or Σ_i x_i without y. */
function dotWith(x: Float64Array, y?: Float64Array): number {
  let s = 0;
  if (y) for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  else for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}

/** The plain value of anything: a node's value, or the number or array itself. */
export function valueOf(x: Scalar): number;
export function valueOf(x: Vector): Float64Array;
export function valueOf(x: Value): number | Float64Array;
export function valueOf(x: Value): number | Float64Array {
  // The common cases first: a number, then a scalar node (the SVI step's parameters and draws).
  if (typeof x === "number") return x;
  if (x instanceof Var) return x.value;
  if (x instanceof Float64Array) return x;
  if (x instanceof Vec) return x.value;
  return badValue(x);
}

/** valueOf's TypeError, out of line so that valueOf stays small enough to inline. */
function badValue(x: unknown): never {
  throw new TypeError(message("x", VALUE, x, "valueOf"));
}

/** A vector node with a pooled value array; `vecNode` plus a backward closure is how every vector op ends. */
export function vecNode(t: Tape, value: Float64Array): Vec {
  checkType(t instanceof Tape, "t", "a Tape", t, "vecNode");
  checkType(value instanceof Float64Array, "value", "a Float64Array", value, "vecNode");
  return new Vec(t, t.push(0, 0, 0, 0, 0).index, value);
}

// Performance notes. map1 and map2 sit apart from apply1 and apply2 so that those stay small enough for V8 to
// inline into every op; the type checks live there too, off the scalar paths (the mixed scalar chain of
// bench/autodiff.bench.ts). A vector op stores nothing but its value: its loop evaluates the partials in the backward
// pass from the operands and the output, since on large vectors memory traffic, not arithmetic, bounds these loops.
// Each reduction's loops (dotWith, maxOf, sumExp) sit alone in their own functions: V8 compiles a long loop on the
// fly (on-stack replacement), and in a function with more code after the loop that code deoptimized on every call.
