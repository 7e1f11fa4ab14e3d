// Constraints: where a parameter or a value lives, and the bijection from unconstrained space onto it that lets an
// optimizer work unconstrained, with the log |det Jacobian| of that bijection (what a density picks up when it is
// carried across). Called by the distributions (their `support`) and infer/param-store.ts. The elementwise
// transforms are built from autodiff ops; the simplex's stick-breaking map is one vector node (see `stickBreaking`).
import { Vec, add, exp, logSigmoid, mul, neg, sigmoid, sub, sum, valueOf, vecNode, type Value } from "../autodiff/index.ts";
import { check as checkThat, message } from "../check.ts";

/** A JSON description of a constraint, enough to rebuild it (checkpoints store this). */
export type ConstraintSpec =
  | { type: "real" }
  | { type: "positive" }
  | { type: "nonnegative" }
  | { type: "boolean" }
  | { type: "unitInterval" }
  | { type: "nonnegativeInteger" }
  | { type: "simplex" }
  | { type: "interval"; lo: number | number[]; hi: number | number[] }
  | { type: "greaterThan"; lo: number }
  | { type: "integerInterval"; lo: number; hi: number };

/**
 * A set with a bijection from unconstrained space onto it. For `eventDim` 0 the set is one of numbers and every
 * method acts elementwise on a vector; for `eventDim` 1 (the simplex) a member is a whole vector, and `transform`
 * maps ℝ^(K-1) onto vectors of length K.
 *
 * `transform` maps u to the set (differentiably: u may be a tape node), `inverse` maps a member back, `check`
 * tests membership (of a number; of a whole Float64Array). `logAbsDetJacobian(u)` = log |det ∂transform(u)/∂u|,
 * differentiable in u: one value per element for `eventDim` 0, one scalar for the simplex. A set with no bijection
 * to speak of (ℝ itself, {0, 1}, the integers) has the identity, and log |det J| = 0.
 */
export interface Constraint {
  readonly spec: ConstraintSpec;
  /** 0: a set of numbers, applied elementwise; 1: a set of vectors (the simplex). */
  readonly eventDim: 0 | 1;
  /** Membership of a number (for the simplex: of one coordinate, in [0, 1]), or of a whole vector. */
  check(x: number | Float64Array): boolean;
  transform(u: Value): Value;
  inverse(x: number): number;
  inverse(x: Float64Array): Float64Array;
  logAbsDetJacobian(u: Value): Value;
  /**
   * An open interval (lo, hi) of unconstrained values u whose transform is finite and inside the set, with no need
   * to compute it: a cheap first test for code that checks many u (SVI checks every parameter after every update).
   * Undefined where the constraint gives none; a u outside it may still be fine.
   */
  readonly interior?: readonly [number, number];
}

// The few pieces every elementwise constraint below is made of: the identity, logit = σ⁻¹, membership of (lo, ∞).
const identity = <T>(x: T): T => x;
/** log |det J| of the identity: 0, with u's shape (a vector of zeros for a vector u). */
const zero = (u: Value): Value => {
  const v = valueOf(u);
  return typeof v === "number" ? 0 : new Float64Array(v.length);
};
/** logit x = log(x / (1 - x)), as log x - log1p(-x): no cancellation in 1 - x for x near 0. */
const logit = (x: number): number => Math.log(x) - Math.log1p(-x);
/** The u for which exp(u) is certainly finite and > 0 (it is for -745.13 < u < 709.78). */
const EXP_INTERIOR = [-745, 709] as const;
/** Membership of (lo, ∞); `x < Infinity` also rejects NaN. */
const above = (lo: number) => (x: number): boolean => x > lo && x < Infinity;
/** log σ'(u) = log σ(u) + log σ(-u), without forming σ(u)(1 - σ(u)), which underflows to 0 for |u| > 745. */
const logSigmoidSlope = (u: Value): Value => add(logSigmoid(u), logSigmoid(neg(u)));

/**
 * An elementwise constraint from its parts: the spec's type (and, for the families, their bounds), membership of a
 * number, the bijection and its log |det J|. `check` and `inverse` of a Float64Array map over its elements.
 */
const constraint = (
  type: ConstraintSpec["type"],
  member: (x: number) => boolean,
  transform: (u: Value) => Value = identity,
  inverse: (x: number) => number = identity,
  logAbsDetJacobian: (u: Value) => Value = zero,
  bounds?: { lo: number; hi?: number },
  interior?: readonly [number, number],
): Constraint => ({
  interior,
  spec: { type, ...bounds } as ConstraintSpec,
  eventDim: 0,
  check: (x) => (typeof x === "number" ? member(x) : x.every(member)),
  transform,
  inverse: ((x: number | Float64Array) => (typeof x === "number" ? inverse(x) : x.map(inverse))) as Constraint["inverse"],
  logAbsDetJacobian,
});

// The named constraints. `@__PURE__` tells a bundler that each call only builds an object, so a program that
// never uses, say, `boolean` does not carry it.

/** ℝ: the identity transform. */
export const real: Constraint = /* @__PURE__ */ constraint("real", (x) => !Number.isNaN(x), identity, identity, zero, undefined, [-Infinity, Infinity]);

/**
 * (0, ∞): x = exp(u), u = log x, as in PyTorch's `constraints.positive` (so Adam acts on log x); log |dx/du| = u.
 * exp(u) is finite and > 0 exactly for -745.13 < u < 709.78: its interior is (-745, 709).
 */
export const positive: Constraint = /* @__PURE__ */ constraint("positive", above(0), exp, Math.log, identity, undefined, EXP_INTERIOR);

/** [0, ∞): a support (Gamma's); as a parameter constraint it transforms like {@link positive}. */
export const nonnegative: Constraint = /* @__PURE__ */ constraint("nonnegative", (x) => x >= 0 && x < Infinity, exp, Math.log, identity, undefined, EXP_INTERIOR);

/** {0, 1}: the support of a Bernoulli observation (no bijection from ℝ: transform and inverse are identities). */
export const boolean: Constraint = /* @__PURE__ */ constraint("boolean", (x) => x === 0 || x === 1);

/** {0, 1, 2, ...}: the support of counts (Poisson, NegativeBinomial); no bijection, as {@link boolean}. */
export const nonnegativeInteger: Constraint = /* @__PURE__ */ constraint("nonnegativeInteger", (x) => Number.isInteger(x) && x >= 0);

/**
 * [0, 1] (the transform reaches the open interval): x = σ(u), u = logit x = log(x / (1 - x)),
 * log |dx/du| = log σ(u) + log σ(-u).
 */
export const unitInterval: Constraint = /* @__PURE__ */ constraint(
  "unitInterval", (x) => x >= 0 && x <= 1, sigmoid, logit, logSigmoidSlope,
);

/** Element i of a bound: the number itself, or its i-th element. */
const at = (b: number | Float64Array, i: number): number => (typeof b === "number" ? b : b[i]!);

/**
 * (lo, hi): x = lo + (hi - lo)·σ(u), u = logit((x - lo) / (hi - lo)), log |dx/du| = log(hi - lo) + log σ'(u).
 * The bounds may be Float64Arrays (Uniform's support with vector bounds, PyTorch's interval of tensors): element i
 * then lives in (lo_i, hi_i), a number bound is shared by every element, `check` of a number asks whether it lies
 * in every element's interval, and the spec stores the bounds as arrays.
 * @throws RangeError unless every lo_i < hi_i is finite (and hi_i - lo_i does not overflow), or when vector bounds
 * differ in length.
 */
export function interval(lo: number | Float64Array, hi: number | Float64Array): Constraint {
  const n = typeof lo !== "number" ? lo.length : typeof hi !== "number" ? hi.length : -1;
  checkThat(typeof lo === "number" || typeof hi === "number" || lo.length === hi.length, "(lo, hi)", "of one length", [lo, hi], "interval");
  for (let i = 0; i < Math.max(n, 1); i++) {
    // A finite positive width needs finite bounds; it also rules out (-1e308, 1e308), whose width overflows.
    const l = at(lo, i), h = at(hi, i);
    checkThat(l < h && h - l < Infinity, n < 0 ? "(lo, hi)" : `(lo, hi)[${i}]`, "finite with lo < hi and hi - lo finite", [l, h], "interval");
  }
  // With number bounds (n = -1) the width is a number; with vector bounds, element i's width.
  const width = n < 0 ? at(hi, 0) - at(lo, 0) : Float64Array.from({ length: n }, (_, i) => at(hi, i) - at(lo, i));
  const logWidth = typeof width === "number" ? Math.log(width) : width.map(Math.log);
  const inside = (x: number, i: number): boolean => x > at(lo, i) && x < at(hi, i);
  const plain = (b: number | Float64Array): number | number[] => (typeof b === "number" ? b : [...b]);
  return {
    spec: { type: "interval", lo: plain(lo), hi: plain(hi) } as ConstraintSpec,
    eventDim: 0,
    check: (x) => {
      if (typeof x !== "number") return (n < 0 || x.length === n) && x.every(inside);
      for (let i = 0; i < Math.max(n, 1); i++) if (!inside(x, i)) return false;
      return true;
    },
    transform: (u) => add(lo, mul(width, sigmoid(u))),
    inverse: ((x: number | Float64Array) => {
      if (typeof x !== "number") return x.map((v, i) => logit((v - at(lo, i)) / at(width, i)));
      if (n < 0) return logit((x - at(lo, 0)) / at(width, 0));
      throw new TypeError(message("x", `a Float64Array of length ${n} (the bounds are vectors)`, x, "interval.inverse"));
    }) as Constraint["inverse"],
    logAbsDetJacobian: (u) => add(logWidth, logSigmoidSlope(u)),
  };
}

/** (lo, ∞): x = lo + exp(u), u = log(x - lo), as PyTorch's `greater_than` transform; log |dx/du| = u. */
export function greaterThan(lo: number): Constraint {
  checkThat(Number.isFinite(lo), "lo", "finite", lo, "greaterThan");
  return constraint("greaterThan", above(lo), (u) => add(lo, exp(u)), (x) => Math.log(x - lo), identity, { lo });
}

/**
 * {lo, lo + 1, ..., hi}: the support of a Binomial or a Categorical (PyTorch's `integer_interval`, both ends
 * included); no bijection, as {@link boolean}.
 * @throws RangeError unless lo <= hi are integers.
 */
export function integerInterval(lo: number, hi: number): Constraint {
  checkThat(Number.isInteger(lo) && Number.isInteger(hi) && lo <= hi, "(lo, hi)", "integers with lo <= hi", [lo, hi], "integerInterval");
  return constraint("integerInterval", (x) => Number.isInteger(x) && x >= lo && x <= hi, identity, identity, zero, { lo, hi });
}

// The simplex.

/** Sum of a vector's elements with a running compensation (Neumaier), so a member summing to 1 checks as such. */
function total(x: Float64Array): number {
  let s = 0, c = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!, t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

/**
 * The stick-breaking map ℝ^(K-1) → simplex: with x_k = u_k - log(K - k) (k = 1..K-1, so u = 0 maps to the
 * uniform vector) and z_k = σ(x_k), y_k = z_k ∏_{i<k} (1 - z_i) for k < K and y_K = ∏_{i<K} (1 - z_i).
 * One vector node: the cumulative product has no op of its own. Its vector-Jacobian product, from
 * ∂y_k/∂x_k = y_k (1 - z_k) and ∂y_j/∂x_k = -z_k y_j for j > k, is ū_k = (1 - z_k) ȳ_k y_k - z_k Σ_{j>k} ȳ_j y_j,
 * one backward sweep.
 */
function stickBreaking(u: Value): Value {
  const uv = valueOf(u);
  if (typeof uv === "number") throw new TypeError(message("u", "a Float64Array or a vector node (length K - 1)", u, "simplex.transform"));
  const n = uv.length, K = n + 1, t = u instanceof Vec ? u.tape : undefined;
  const y = t ? t.take(K) : new Float64Array(K), z = t ? t.take(n) : new Float64Array(n);
  // rest = ∏_{i<k} (1 - z_i), the stick left before piece k; 1 - z_k is σ(-x_k), exact even where z_k is near 1.
  let rest = 1;
  for (let k = 0; k < n; k++) {
    const x = uv[k]! - Math.log(K - 1 - k);
    z[k] = 1 / (1 + Math.exp(-x));
    y[k] = z[k]! * rest;
    rest *= 1 / (1 + Math.exp(x));
  }
  y[n] = rest;
  if (!t) return y;
  const out = vecNode(t, y);
  t.pushBackward(out.index, () => {
    const g = out.adjoint;
    if (!g) return;
    const ua = (u as Vec).adjointOrZeros;
    let tail = g[n]! * y[n]!; // Σ_{j>k} ȳ_j y_j
    for (let k = n - 1; k >= 0; k--) {
      const gy = g[k]! * y[k]!;
      ua[k]! += (1 - z[k]!) * gy - z[k]! * tail;
      tail += gy;
    }
  });
  return out;
}

/**
 * The inverse of the stick-breaking map: u_k = log y_k - log(Σ_{i>k} y_i) + log(K - k). The stick left after
 * piece k is summed from the tail, Σ_{i>k} y_i, rather than taken as 1 - Σ_{i<=k} y_i, which cancels.
 */
function unbreak(y: Float64Array): Float64Array {
  const K = y.length, u = new Float64Array(K - 1);
  let tail = y[K - 1]!;
  for (let k = K - 2; k >= 0; k--) {
    u[k] = Math.log(y[k]!) - Math.log(tail) + Math.log(K - 1 - k);
    tail += y[k]!;
  }
  return u;
}

/**
 * log |det ∂(y_1..y_{K-1})/∂u| of the stick-breaking map: the Jacobian is triangular with diagonal
 * y_k (1 - z_k) = z_k (1 - z_k) ∏_{i<k} (1 - z_i), and log(1 - z_i) appears in K - i of those K - 1 terms, so
 * log |det J| = Σ_k [log σ(x_k) + (K - k) log σ(-x_k)], x_k = u_k - log(K - k). Composed from ops.
 */
function stickBreakingLogDet(u: Value): Value {
  const uv = valueOf(u);
  if (typeof uv === "number") throw new TypeError(message("u", "a Float64Array or a vector node (length K - 1)", u, "simplex.logAbsDetJacobian"));
  const n = uv.length, logOffset = new Float64Array(n), weight = new Float64Array(n);
  for (let k = 0; k < n; k++) [logOffset[k], weight[k]] = [Math.log(n - k), n - k];
  if (n === 0) return 0;
  const x = sub(u, logOffset);
  return sum(add(logSigmoid(x), mul(weight, logSigmoid(neg(x)))));
}

/**
 * The probability simplex {y ∈ ℝ^K : y_k >= 0, Σ y_k = 1}, a set of vectors (`eventDim` 1): Dirichlet's support.
 * `check` of a number tests one coordinate (in [0, 1]); of a vector, nonnegative elements summing to 1 within
 * K·2⁻⁵² (rounding of a sum of K numbers). `transform` is PyTorch's StickBreakingTransform from ℝ^(K-1).
 */
export const simplex: Constraint = {
  spec: { type: "simplex" },
  eventDim: 1,
  check: (x) => {
    if (typeof x === "number") return x >= 0 && x <= 1;
    for (let i = 0; i < x.length; i++) if (!(x[i]! >= 0)) return false;
    return x.length > 0 && Math.abs(total(x) - 1) <= x.length * 2 ** -52;
  },
  transform: stickBreaking,
  inverse: ((y: number | Float64Array) => {
    if (typeof y === "number") throw new TypeError(message("x", "a Float64Array (a point of the simplex)", y, "simplex.inverse"));
    return unbreak(y);
  }) as Constraint["inverse"],
  logAbsDetJacobian: stickBreakingLogDet,
};

/** A bound as JSON holds it: a number, or an array of numbers for vector bounds. */
const bound = (b: number | number[]): number | Float64Array => (typeof b === "number" ? b : Float64Array.from(b));

/** Rebuild a constraint from its JSON description: the bounded families by their bounds, the rest by name. */
export function fromSpec(spec: ConstraintSpec): Constraint {
  if (spec.type === "interval") return interval(bound(spec.lo), bound(spec.hi));
  if (spec.type === "greaterThan") return greaterThan(spec.lo);
  if (spec.type === "integerInterval") return integerInterval(spec.lo, spec.hi);
  const found = [real, positive, nonnegative, boolean, unitInterval, nonnegativeInteger, simplex].find((c) => c.spec.type === spec.type);
  if (!found) throw new TypeError(`unknown constraint ${JSON.stringify(spec)}`);
  return found;
}
