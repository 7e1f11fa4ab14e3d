// The differentiable primitives. Each is one line: its value and its local derivative side by side, applied by
// vector.ts to numbers, scalar nodes and vector nodes alike. Composed operations (mean) say so and carry no
// derivative of their own. The special functions' nodes (lgamma, digamma, lbeta) live in special.ts, so that the
// tape alone does not carry their kernels. Read vector.ts next for how a partial becomes a node.
import { sigmoid as sfSigmoid, softplus as sfSoftplus, logSigmoid as sfLogSigmoid } from "../special/logistic.ts";
import { type Scalar, type Value, type Vector, Var, Vec } from "./tape.ts";
import { apply1, apply2, sum, type BinaryOp, type UnaryOp } from "./vector.ts";
import { addLoop, subLoop, mulLoop, divLoop, powLoop, xlogyLoop, xlog1pyLoop, negLoop, squareLoop, sqrtLoop, expLoop, expm1Loop, logLoop, log1pLoop, sigmoidLoop, logSigmoidLoop, softplusLoop } from "./loops.ts";

/** x + y.  d/dx = 1, d/dy = 1. */
export const add = ((x: Value, y: Value) => apply2(x, y, (a, b) => a + b, () => 1, () => 1, addLoop)) as BinaryOp;

/** x - y.  d/dx = 1, d/dy = -1. */
export const sub = ((x: Value, y: Value) => apply2(x, y, (a, b) => a - b, () => 1, () => -1, subLoop)) as BinaryOp;

/** x · y.  d/dx = y, d/dy = x. */
export const mul = ((x: Value, y: Value) => apply2(x, y, (a, b) => a * b, (_a, b) => b, (a) => a, mulLoop)) as BinaryOp;

/** x / y.  d/dx = 1/y, d/dy = -x/y² = -(x/y)/y. */
export const div = ((x: Value, y: Value) => apply2(x, y, (a, b) => a / b, (_a, b) => 1 / b, (_a, b, q) => -q / b, divLoop)) as BinaryOp;

/**
 * x^y for a base x > 0 (or any base with a constant integer exponent).
 * d/dx = y·x^(y-1), d/dy = x^y·log x (taken as 0 where x^y = 0, its limit for y > 0).
 */
export const pow = ((x: Value, y: Value) =>
  apply2(x, y, Math.pow, (a, b) => (b === 0 ? 0 : b * Math.pow(a, b - 1)), (a, _b, p) => (p === 0 ? 0 : p * Math.log(a)), powLoop)) as BinaryOp;

/**
 * x·log y, taken as 0 where x = 0 (so 0·log 0 = 0, as densities need at the edge of their support).
 * d/dx = log y, d/dy = x/y (0 where x = 0: the function is identically 0 there).
 */
export const xlogy = ((x: Value, y: Value) =>
  apply2(x, y, (a, b) => (a === 0 ? 0 : a * Math.log(b)), (_a, b) => Math.log(b), (a, b) => (a === 0 ? 0 : a / b), xlogyLoop)) as BinaryOp;

/** x·log(1 + y), taken as 0 where x = 0.  d/dx = log(1 + y), d/dy = x/(1 + y) (0 where x = 0). */
export const xlog1py = ((x: Value, y: Value) =>
  apply2(x, y, (a, b) => (a === 0 ? 0 : a * Math.log1p(b)), (_a, b) => Math.log1p(b), (a, b) => (a === 0 ? 0 : a / (1 + b)), xlog1pyLoop)) as BinaryOp;

/** -x.  d/dx = -1. */
export const neg = ((x: Value) => apply1(x, (v) => -v, () => -1, negLoop)) as UnaryOp;

/** x².  d/dx = 2x. */
export const square = ((x: Value) => apply1(x, (v) => v * v, (v) => 2 * v, squareLoop)) as UnaryOp;

/** √x.  d/dx = 1 / (2√x). */
export const sqrt = ((x: Value) => apply1(x, Math.sqrt, (_v, r) => 0.5 / r, sqrtLoop)) as UnaryOp;

/** eˣ.  d/dx = eˣ. */
export const exp = ((x: Value) => apply1(x, Math.exp, (_v, e) => e, expLoop)) as UnaryOp;

/** eˣ - 1, accurate for small x.  d/dx = eˣ = (eˣ - 1) + 1. */
export const expm1 = ((x: Value) => apply1(x, Math.expm1, (_v, em1) => em1 + 1, expm1Loop)) as UnaryOp;

/** log x.  d/dx = 1/x. */
export const log = ((x: Value) => apply1(x, Math.log, (v) => 1 / v, logLoop)) as UnaryOp;

/** log(1 + x), accurate for small x.  d/dx = 1/(1 + x). */
export const log1p = ((x: Value) => apply1(x, Math.log1p, (v) => 1 / (1 + v), log1pLoop)) as UnaryOp;

/** σ(x) = 1/(1 + e^(-x)).  d/dx = σ(x)(1 - σ(x)). */
export const sigmoid = ((x: Value) => apply1(x, sfSigmoid, (_v, s) => s * (1 - s), sigmoidLoop)) as UnaryOp;

/** log σ(x) = -softplus(-x).  d/dx = 1 - σ(x) = σ(-x). */
export const logSigmoid = ((x: Value) => apply1(x, sfLogSigmoid, (v) => sfSigmoid(-v), logSigmoidLoop)) as UnaryOp;

/** softplus(x) = log(1 + eˣ).  d/dx = σ(x). */
export const softplus = ((x: Value) => apply1(x, sfSoftplus, sfSigmoid, softplusLoop)) as UnaryOp;

/** (1/n) Σ_i x_i. Composed from sum and mul: no derivative of its own. */
export function mean(x: Vec): Var;
export function mean(x: Float64Array): number;
export function mean(x: Vector): Scalar;
export function mean(x: Vector): Scalar {
  return mul(sum(x), 1 / (x instanceof Vec ? x.value : x).length);
}
