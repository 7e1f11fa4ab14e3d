// Applying a number function and its partials to every kind of value (number, Var, Float64Array, Vec), with
// scalar-vector broadcasting, and the reductions sum and dot. ops.ts defines each primitive as one call to
// apply1/apply2 with its value and its partials side by side; this file is the only place that knows how a
// partial becomes a tape node. Read grad.ts next.
import { Tape, Var, Vec, tapeOf, type Scalar, type Value, type Vector } from "./tape.ts";

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

// Each primitive passes its own copy of the same loop (loops.ts says why: V8 inlines f and df only in a loop that
// sees one op). Partials are evaluated in the backward loop from the operands and the output, so a vector op
// stores nothing but its value: on large vectors memory traffic, not arithmetic, bounds these loops.

/** The shared loops, for ops that pass none (custom ops made with apply1/apply2: right, with an indirect call). */
const loop1: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
const loop2: Loop2 = (f, d1, d2, u, su, v, sv, y, g, ua, au, va, av) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(u[i * su]!, v[i * sv]!);
  else for (let i = 0; i < y.length; i++) {
    const a = u[i * su]!, b = v[i * sv]!, z = y[i]!;
    if (ua) ua[i * su] = (au ? ua[i * su]! : 0) + g[i]! * d1(a, b, z);
    if (va) va[i * sv] = (av ? va[i * sv]! : 0) + g[i]! * d2(a, b, z);
  }
};

/** y = f(x) on any value, recording d y/d x = df(x, y) when x is a node. */
export function apply1(x: Value, f: (x: number) => number, df: Partial1, loop: Loop1 = loop1): Value {
  if (x instanceof Var) {
    const t = x.tape;
    t.check(x);
    const v = x.value, y = f(v);
    return t.push(x.index, df(v, y), 0, 0, y);
  }
  return typeof x === "number" ? f(x) : map1(x, f, df, loop);
}

/** apply1 on a vector; apart, so that apply1 stays small enough for V8 to inline into every op. */
function map1(x: Vector, f: (x: number) => number, df: Partial1, loop: Loop1): Vector {
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

/** y = f(x1, x2) on any values, recording both partials for node operands. */
export function apply2(
  x1: Value, x2: Value, f: (x1: number, x2: number) => number, d1: Partial2, d2: Partial2, loop: Loop2 = loop2,
): Value {
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
  return map2(x1, x2, f, d1, d2, loop);
}

/** apply2 with at least one vector operand; apart, so that apply2 stays small enough to inline. */
function map2(x1: Value, x2: Value, f: (x1: number, x2: number) => number, d1: Partial2, d2: Partial2, loop: Loop2): Vector {
  // At least one operand is a vector; a scalar one is read through a one-element array with stride 0.
  const t = tapeOf(x1, x2), u = asArray(x1), v = asArray(x2), su = +!isScalar(x1), sv = +!isScalar(x2);
  const n = su ? u.length : v.length;
  if (su && sv && v.length !== n) throw new RangeError(`vitape: vector lengths differ (${n} and ${v.length})`);
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
  const t = n1 ? x1.tape : n2 ? x2.tape : n3 ? x3.tape : undefined;
  if (!t) return value;
  if (n1) t.check(x1);
  if (n2) t.check(x2);
  if (n3) t.check(x3);
  // A constant operand's parent is the sink, node 0, whose adjoint nobody reads.
  const y = t.push(n1 ? x1.index : 0, d1, n2 ? x2.index : 0, d2, value);
  return n3 ? t.push(y.index, 1, x3.index, d3, value) : y;
}

/** Σ_i x_i.  d/dx_i = 1. */
export function sum(x: Vec): Var;
export function sum(x: Float64Array): number;
export function sum(x: Vector): Scalar;
export function sum(x: Vector): Scalar {
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
  const t = tapeOf(x, y);
  const xv = valueOf(x), yv = valueOf(y);
  if (xv.length !== yv.length) throw new RangeError(`vitape: vector lengths differ (${xv.length} and ${yv.length})`);
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
 * Σ_i x_i y_i, or Σ_i x_i without y. The loop sits alone in its own function: V8 compiles a long loop on the fly
 * (on-stack replacement), and in a function with more code after the loop that code deoptimized on every call.
 */
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
  return typeof x === "number" || x instanceof Float64Array ? x : x.value;
}

/** A vector node with a pooled value array; `vecNode` plus a backward closure is how every vector op ends. */
export function vecNode(t: Tape, value: Float64Array): Vec {
  return new Vec(t, t.push(0, 0, 0, 0, 0).index, value);
}
