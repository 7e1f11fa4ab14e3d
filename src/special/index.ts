// Number -> number special functions, re-exported in reading order, then the shared kernels they are built from.
// Never imports autodiff: autodiff imports this module as `sf` and pairs each value with its derivative kernel
// (lgamma with digamma, ...). Other layers import special functions and kernels from here only, never from the
// module files. Read lgamma.ts first.
export { lgamma, lgammaCorrection } from "./lgamma.ts";
export { digamma, digammaDiff } from "./digamma.ts";
export { trigamma } from "./trigamma.ts";
export { lbeta } from "./lbeta.ts";
export { gammainc, gammaincc } from "./gammainc.ts";
export { standardGammaGrad, standardGammaLogGrad } from "./gamma-grad.ts";
export { betainc, betaincc } from "./betainc.ts";
export { betaincGradInto, betaSampleGrad, betaSampleGradInto } from "./beta-grad.ts";

// ---- Shared kernels -------------------------------------------------------------------------------------------
// Constants and small kernels that several layers build on (the Gamma/Beta log densities, the logistic ops of the
// tape, Bernoulli logits). Each is defined in the module file named below and documented there in full; the
// one-line summaries here carry the formula.

/**
 * log √(2π) = 0.91893853320467274178… rounded to double: the constant of Stirling's formula and of every Normal
 * and Gamma log density. Defined in lgamma.ts.
 */
export { LOG_SQRT_2PI } from "./lgamma.ts";

/**
 * 10: from x = STIRLING_MIN on, the Bernoulli-number asymptotic series (Stirling's Δ(x), ψ, ψ') keep full relative
 * precision (first omitted term, with B18, below 1e-17 relative at x = 10). Defined in lgamma.ts.
 */
export { STIRLING_MIN } from "./lgamma.ts";

/**
 * Δ(x) = lgamma(x) - ((x - 1/2) log x - x + log √(2π)) = Σ_{k=1..8} B_2k / (2k(2k - 1) x^(2k-1)), Stirling's
 * correction by its series, unchecked: valid for x >= STIRLING_MIN (8 for lgamma's own use). Defined in lgamma.ts;
 * `lgammaCorrection` is the checked form (NaN below 10).
 */
export { stirlingSeries } from "./lgamma.ts";

/**
 * log1pmx(t) = log(1 + t) - t, to a few ulp near t = 0 where the direct form cancels (series in s = t/(2 + t) on
 * [-0.5, 1]). Defined in gammainc.ts.
 */
export { log1pmx } from "./gammainc.ts";

/**
 * μ(a) = lgamma(a) - ((a - 1/2) log a - a + log √(2π)) for every a > 0: Stirling's remainder, `stirlingSeries`
 * for a >= 10 and the difference below. Defined in gammainc.ts.
 */
export { lgammaStirlingError } from "./gammainc.ts";

/**
 * The logistic kernels, each stable for every double x (defined in logistic.ts):
 * sigmoid(x) = σ(x) = 1 / (1 + e^(-x)), d/dx = σ(x)(1 - σ(x));
 * softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^(-|x|)), d/dx = σ(x);
 * logSigmoid(x) = log σ(x) = -softplus(-x), d/dx = σ(-x).
 */
export { sigmoid, softplus, logSigmoid } from "./logistic.ts";
