// The logistic function and its relatives as plain number kernels, each stable for large |x|.
// Called by autodiff/ops.ts (sigmoid, logSigmoid, softplus nodes) and distributions/bernoulli.ts (logits).
import { checkNumber } from "../check.ts";

/**
 * σ(x) = 1 / (1 + e^(-x)), computed from e^(-|x|) so that neither branch overflows.
 */
export function sigmoid(x: number): number {
  checkNumber(x, "x", "sigmoid");
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^(-|x|)): exact to rounding for all x, never overflows.
 */
export function softplus(x: number): number {
  checkNumber(x, "x", "softplus");
  return (x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** log σ(x) = -softplus(-x). */
export function logSigmoid(x: number): number {
  checkNumber(x, "x", "logSigmoid");
  return -softplus(-x);
}
