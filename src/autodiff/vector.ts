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

// Why the scalar paths below are small functions and the vector paths separate: each primitive in ops.ts is its
// own function that calls apply1/apply2 with constant f and df. V8 inlines these small helpers into each
// primitive, so f and df become known call targets and are inlined too: no indirect call per scalar node.
// Vector nodes compute their partials during the forward loop, so the backward loops call nothing at all.

/** y = f(x) on any value, recording d y/d x = df(x, y) when x is a node. */
export function apply1(x: Value, f: (x: number) => number, df: Partial1): Value {
  if (x instanceof Var) {
    const t = x.tape;
    t.check(x);
    const v = x.value, y = f(v);
    return t.push(x.index, df(v, y), 0, 0, y);
  }
  return typeof x === "number" ? f(x) : map1(x, f, df);
}

/** y = f(x1, x2) on any values, recording both partials for node operands. */
export function apply2(x1: Value, x2: Value, f: (x1: number, x2: number) => number, d1: Partial2, d2: Partial2): Value {
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
  return map2(x1, x2, f, d1, d2);
}

/** Elementwise f on a vector: a plain array for a constant, otherwise a node with partials df(x_i, y_i). */
function map1(x: Vector, f: (x: number) => number, df: Partial1): Vector {
  if (!(x instanceof Vec)) {
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
    return out;
  }
  const t = x.tape;
  t.check(x);
  const xv = x.value, n = xv.length;
  const yv = t.take(n), dv = t.take(n);
  for (let i = 0; i < n; i++) {
    const y = f(xv[i]!);
    yv[i] = y;
    dv[i] = df(xv[i]!, y);
  }
  const out = vecNode(t, yv);
  const g = out.adj, xa = x.adj;
  t.pushBackward(out.index, () => {
    for (let i = 0; i < n; i++) xa[i]! += g[i]! * dv[i]!;
  });
  return out;
}

/**
 * Elementwise f on two values of which at least one is a vector; a scalar broadcasts, and its adjoint is the
 * sum over elements of the output's adjoint times its partial.
 */
function map2(x1: Value, x2: Value, f: (x1: number, x2: number) => number, d1: Partial2, d2: Partial2): Vector {
  const t = tapeOf(x1, x2);
  const v1 = valueOf(x1), v2 = valueOf(x2);
  const n = typeof v1 === "number" ? (v2 as Float64Array).length : v1.length;
  if (typeof v2 !== "number" && v2.length !== n) {
    throw new RangeError(`vitape: vector lengths differ (${n} and ${v2.length})`);
  }
  // Three loops rather than one with a per-element type test: this is the hot path for large data.
  const yv = t ? t.take(n) : new Float64Array(n);
  const need1 = t !== undefined && !isConstant(x1), need2 = t !== undefined && !isConstant(x2);
  const dv1 = need1 ? t!.take(n) : yv, dv2 = need2 ? t!.take(n) : yv;
  if (typeof v1 === "number") {
    const b = v2 as Float64Array;
    for (let i = 0; i < n; i++) {
      const y = (yv[i] = f(v1, b[i]!));
      if (need1) dv1[i] = d1(v1, b[i]!, y);
      if (need2) dv2[i] = d2(v1, b[i]!, y);
    }
  } else if (typeof v2 === "number") {
    for (let i = 0; i < n; i++) {
      const y = (yv[i] = f(v1[i]!, v2));
      if (need1) dv1[i] = d1(v1[i]!, v2, y);
      if (need2) dv2[i] = d2(v1[i]!, v2, y);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const y = (yv[i] = f(v1[i]!, v2[i]!));
      if (need1) dv1[i] = d1(v1[i]!, v2[i]!, y);
      if (need2) dv2[i] = d2(v1[i]!, v2[i]!, y);
    }
  }
  if (!t) return yv;
  const out = vecNode(t, yv);
  const g = out.adj;
  t.pushBackward(out.index, () => {
    if (need1) accumulate(t, x1 as Var | Vec, g, dv1);
    if (need2) accumulate(t, x2 as Var | Vec, g, dv2);
  });
  return out;
}

/** x̄ += g ⊙ d for a vector x; x̄ += Σ g_i d_i for a scalar x broadcast over the vector. */
function accumulate(t: Tape, x: Var | Vec, g: Float64Array, d: Float64Array): void {
  const n = g.length;
  if (x instanceof Vec) {
    const xa = x.adj;
    for (let i = 0; i < n; i++) xa[i]! += g[i]! * d[i]!;
  } else {
    let s = 0;
    for (let i = 0; i < n; i++) s += g[i]! * d[i]!;
    t.adj[x.index]! += s;
  }
}

/**
 * A scalar node whose partials were computed elsewhere: y = value with dy/dx_k = d_k for up to three operands.
 * This is how a quantity defined implicitly (a sample z with F(z; a, b) = u) or a fused kernel joins the tape.
 * Number operands are constants; with no node operand the plain value is returned. A node has two parent slots,
 * so a third node operand costs a second node (y' = y with dy'/dy = 1).
 */
export function fromPartials(value: number, x1: Scalar, d1: number, x2: Scalar = 0, d2 = 0, x3: Scalar = 0, d3 = 0): Scalar {
  const t = tapeOf(x1, x2) ?? tapeOf(x3);
  if (!t) return value;
  if (x3 instanceof Var) t.check(x3);
  // Gather the node operands in order; constants drop out.
  let i = 0, di = 0, j = 0, dj = 0;
  if (x1 instanceof Var) { i = x1.index; di = d1; }
  if (x2 instanceof Var) { if (i) { j = x2.index; dj = d2; } else { i = x2.index; di = d2; } }
  if (x3 instanceof Var) {
    if (!i) { i = x3.index; di = d3; }
    else if (!j) { j = x3.index; dj = d3; }
    else return t.push(t.push(i, di, j, dj, value).index, 1, x3.index, d3, value);
  }
  return t.push(i, di, j, dj, value);
}

/** Σ_i x_i.  d/dx_i = 1. */
export function sum(x: Vec): Var;
export function sum(x: Float64Array): number;
export function sum(x: Vector): Scalar;
export function sum(x: Vector): Scalar {
  const xv = valueOf(x);
  let s = 0;
  for (let i = 0; i < xv.length; i++) s += xv[i]!;
  if (!(x instanceof Vec)) return s;
  const t = x.tape;
  t.check(x);
  const y = t.push(0, 0, 0, 0, s);
  const xa = x.adj;
  t.pushBackward(y.index, () => {
    const g = t.adj[y.index]!;
    for (let i = 0; i < xa.length; i++) xa[i]! += g;
  });
  return y;
}

/** Σ_i x_i y_i.  d/dx_i = y_i, d/dy_i = x_i. */
export function dot(x: Vector, y: Vector): Scalar {
  const t = tapeOf(x, y);
  const xv = valueOf(x), yv = valueOf(y);
  if (xv.length !== yv.length) throw new RangeError(`vitape: vector lengths differ (${xv.length} and ${yv.length})`);
  let s = 0;
  for (let i = 0; i < xv.length; i++) s += xv[i]! * yv[i]!;
  if (!t) return s;
  const out = t.push(0, 0, 0, 0, s);
  t.pushBackward(out.index, () => {
    const g = t.adj[out.index]!;
    if (x instanceof Vec) for (let i = 0; i < xv.length; i++) x.adj[i]! += g * yv[i]!;
    if (y instanceof Vec) for (let i = 0; i < yv.length; i++) y.adj[i]! += g * xv[i]!;
  });
  return out;
}

/** The plain value of anything: a node's value, or the number or array itself. */
export function valueOf(x: Scalar): number;
export function valueOf(x: Vector): Float64Array;
export function valueOf(x: Value): number | Float64Array;
export function valueOf(x: Value): number | Float64Array {
  return typeof x === "number" || x instanceof Float64Array ? x : x.value;
}

function isConstant(x: Value): x is number | Float64Array {
  return typeof x === "number" || x instanceof Float64Array;
}

/** A vector node with a pooled value array; `vecNode` plus a backward closure is how every vector op ends. */
export function vecNode(t: Tape, value: Float64Array): Vec {
  return new Vec(t, t.push(0, 0, 0, 0, 0).index, value);
}
