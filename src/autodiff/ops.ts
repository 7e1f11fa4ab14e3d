// The differentiable primitives. Each is its kernels, the value and the local derivatives side by side, and one
// line that applies them, through apply1/apply2 of vector.ts, to numbers, scalar nodes and vector nodes alike; its
// last argument is the op's elementwise loop, generated into loops.ts (docs/01-reverse-mode.md, "Adding an
// elementwise op"). Composed operations (mean) say so and carry no derivative of their own. The special functions'
// nodes (lgamma, digamma, lbeta) live in special.ts. Read vector.ts next for how a partial becomes a node.
import { sigmoid as sfSigmoid, softplus as sfSoftplus, logSigmoid as sfLogSigmoid } from "../special/index.ts";
import { type Scalar, type Value, type Vector, Var, Vec } from "./tape.ts";
import { apply1, apply2, sum, type BinaryOp, type UnaryOp } from "./vector.ts";
import * as loops from "./loops.ts";
import { checkType } from "../check.ts";

const one = (): number => 1;

/** x + y.  d/dx = 1, d/dy = 1. */
const addV = (a: number, b: number): number => a + b;
export const add = ((x: Value, y: Value) => apply2(x, y, addV, one, one, loops.addLoop, "add")) as BinaryOp;

/** x - y.  d/dx = 1, d/dy = -1. */
const subV = (a: number, b: number): number => a - b, subDy = (): number => -1;
export const sub = ((x: Value, y: Value) => apply2(x, y, subV, one, subDy, loops.subLoop, "sub")) as BinaryOp;

/** x · y.  d/dx = y, d/dy = x. */
const mulV = (a: number, b: number): number => a * b, mulDx = (_a: number, b: number): number => b, mulDy = (a: number): number => a;
export const mul = ((x: Value, y: Value) => apply2(x, y, mulV, mulDx, mulDy, loops.mulLoop, "mul")) as BinaryOp;

/** x / y.  d/dx = 1/y, d/dy = -x/y² = -(x/y)/y. */
const divV = (a: number, b: number): number => a / b, divDx = (_a: number, b: number): number => 1 / b;
const divDy = (_a: number, b: number, q: number): number => -q / b;
export const div = ((x: Value, y: Value) => apply2(x, y, divV, divDx, divDy, loops.divLoop, "div")) as BinaryOp;

/**
 * x^y for a base x > 0 (or any base with a constant integer exponent).
 * d/dx = y·x^(y-1), d/dy = x^y·log x (taken as 0 where x^y = 0, its limit for y > 0).
 */
const powDx = (a: number, b: number): number => (b === 0 ? 0 : b * Math.pow(a, b - 1));
const powDy = (a: number, _b: number, p: number): number => (p === 0 ? 0 : p * Math.log(a));
export const pow = ((x: Value, y: Value) => apply2(x, y, Math.pow, powDx, powDy, loops.powLoop, "pow")) as BinaryOp;

/**
 * x·log y, taken as 0 where x = 0 (so 0·log 0 = 0, as densities need at the edge of their support).
 * d/dx = log y, d/dy = x/y (0 where x = 0: the function is identically 0 there).
 */
const xlogyV = (a: number, b: number): number => (a === 0 ? 0 : a * Math.log(b));
const xlogyDx = (_a: number, b: number): number => Math.log(b), xlogyDy = (a: number, b: number): number => (a === 0 ? 0 : a / b);
export const xlogy = ((x: Value, y: Value) => apply2(x, y, xlogyV, xlogyDx, xlogyDy, loops.xlogyLoop, "xlogy")) as BinaryOp;

/** x·log(1 + y), taken as 0 where x = 0.  d/dx = log(1 + y), d/dy = x/(1 + y) (0 where x = 0). */
const xlog1pyV = (a: number, b: number): number => (a === 0 ? 0 : a * Math.log1p(b));
const xlog1pyDx = (_a: number, b: number): number => Math.log1p(b), xlog1pyDy = (a: number, b: number): number => (a === 0 ? 0 : a / (1 + b));
export const xlog1py = ((x: Value, y: Value) => apply2(x, y, xlog1pyV, xlog1pyDx, xlog1pyDy, loops.xlog1pyLoop, "xlog1py")) as BinaryOp;

/** -x.  d/dx = -1. */
const negV = (v: number): number => -v, negD = (): number => -1;
export const neg = ((x: Value) => apply1(x, negV, negD, loops.negLoop, "neg")) as UnaryOp;

/** x².  d/dx = 2x. */
const squareV = (v: number): number => v * v, squareD = (v: number): number => 2 * v;
export const square = ((x: Value) => apply1(x, squareV, squareD, loops.squareLoop, "square")) as UnaryOp;

/** √x.  d/dx = 1 / (2√x). */
const sqrtD = (_v: number, r: number): number => 0.5 / r;
export const sqrt = ((x: Value) => apply1(x, Math.sqrt, sqrtD, loops.sqrtLoop, "sqrt")) as UnaryOp;

/** eˣ.  d/dx = eˣ. */
const expD = (_v: number, e: number): number => e;
export const exp = ((x: Value) => apply1(x, Math.exp, expD, loops.expLoop, "exp")) as UnaryOp;

/** eˣ - 1, accurate for small x.  d/dx = eˣ = (eˣ - 1) + 1. */
const expm1D = (_v: number, em1: number): number => em1 + 1;
export const expm1 = ((x: Value) => apply1(x, Math.expm1, expm1D, loops.expm1Loop, "expm1")) as UnaryOp;

/** log x.  d/dx = 1/x. */
const logD = (v: number): number => 1 / v;
export const log = ((x: Value) => apply1(x, Math.log, logD, loops.logLoop, "log")) as UnaryOp;

/** log(1 + x), accurate for small x.  d/dx = 1/(1 + x). */
const log1pD = (v: number): number => 1 / (1 + v);
export const log1p = ((x: Value) => apply1(x, Math.log1p, log1pD, loops.log1pLoop, "log1p")) as UnaryOp;

/** σ(x) = 1/(1 + e^(-x)).  d/dx = σ(x)(1 - σ(x)). */
const sigmoidD = (_v: number, s: number): number => s * (1 - s);
export const sigmoid = ((x: Value) => apply1(x, sfSigmoid, sigmoidD, loops.sigmoidLoop, "sigmoid")) as UnaryOp;

/** log σ(x) = -softplus(-x).  d/dx = 1 - σ(x) = σ(-x). */
const logSigmoidD = (v: number): number => sfSigmoid(-v);
export const logSigmoid = ((x: Value) => apply1(x, sfLogSigmoid, logSigmoidD, loops.logSigmoidLoop, "logSigmoid")) as UnaryOp;

/** softplus(x) = log(1 + eˣ).  d/dx = σ(x). */
export const softplus = ((x: Value) => apply1(x, sfSoftplus, sfSigmoid, loops.softplusLoop, "softplus")) as UnaryOp;

/** |x|.  d/dx = sign(x), taken as 0 at 0 (a subgradient: |x| has no derivative there). */
export const abs = ((x: Value) => apply1(x, Math.abs, Math.sign, loops.absLoop, "abs")) as UnaryOp;

/** (1/n) Σ_i x_i. Composed from sum and mul: no derivative of its own. */
export function mean(x: Vec): Var;
export function mean(x: Float64Array): number;
export function mean(x: Vector): Scalar;
export function mean(x: Vector): Scalar {
  checkType(x instanceof Float64Array || x instanceof Vec, "x", "a Float64Array or Vec", x, "mean");
  return mul(sum(x), 1 / (x instanceof Vec ? x.value : x).length);
}

// Performance notes: each op's kernels are module constants on the line above it, not arrow literals in its body.
// A literal in the body is a new closure on every call, which V8 removes only when it inlines the whole call; when
// it did not, a scalar node cost half as much again (the mixed scalar chain of bench/autodiff.bench.ts). The loops
// are imported as a namespace (`loops.<name>Loop`), so that an op's line is all it takes: the chain ran as fast
// after that change as before it (best of 6 alternating runs, 25.2 against 24.9 ns/node).
