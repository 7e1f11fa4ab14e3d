// The autodiff layer: tape (tape.ts), primitives (ops.ts), vector lifting and reductions (vector.ts), grad.ts.
// The special functions' nodes (lgamma, digamma, lbeta) are a separate entry, vitape/autodiff/special (special.ts),
// so that a bundle of the tape carries no special-function kernels.
export { Tape, Var, Vec, Epoch, type Scalar, type Vector, type Value } from "./tape.ts";
export {
  add, sub, mul, div, pow, xlogy, xlog1py, neg, square, sqrt, exp, expm1, log, log1p,
  sigmoid, logSigmoid, softplus, abs, mean,
} from "./ops.ts";
export { sum, dot, logSumExp, apply1, apply2, fromPartials, vecNode, valueOf, type UnaryOp, type BinaryOp, type Partial1, type Partial2, type Loop1, type Loop2 } from "./vector.ts";
export { grad, valueAndGrad, type Plain } from "./grad.ts";
