// Number -> number special functions, re-exported in reading order. Never imports autodiff: autodiff
// imports this module as `sf` and pairs each value with its derivative kernel (lgamma with digamma, ...).
export { lgamma, lgammaCorrection } from "./lgamma.ts";
export { digamma } from "./digamma.ts";
export { trigamma } from "./trigamma.ts";
export { lbeta } from "./lbeta.ts";
export { gammainc, gammaincc } from "./gammainc.ts";
export { standardGammaGrad } from "./gamma-grad.ts";
export { betainc, betaincc } from "./betainc.ts";
export { betaincGradInto, betaSampleGrad, betaSampleGradInto } from "./beta-grad.ts";
