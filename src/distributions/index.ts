// The distributions layer, in reading order: the interface every distribution keeps and what a new one is built
// from (distribution.ts: Base, checkParam, batchShapeOf, fromElementPartials; docs/05-adding-a-distribution.md),
// the constraints their supports and parameters live in (`constraints.positive`, ...), the continuous
// distributions, the discrete ones, and the closed-form KL divergences between them (kl.ts). Each distribution is
// its own module: a program that does not use one does not carry it.
export type { Distribution, Draw, DiscreteDraw, PlainDraw, PlainValue } from "./distribution.ts";
export { Base, checkParam, batchShapeOf, fromElementPartials, PARAMETER_TYPES } from "./distribution.ts";
// One object holding every constraint, which a bundler keeps whole: a program that names a few imports them from the
// entry point "vitape/distributions/constraints" (`import * as constraints from ...`) instead, and carries only those.
export * as constraints from "./constraints.ts";
export type { Constraint, ConstraintSpec } from "./constraints.ts";
export { Beta } from "./beta.ts";
export { Gamma } from "./gamma.ts";
export { Normal } from "./normal.ts";
export { LogNormal } from "./log-normal.ts";
export { HalfNormal } from "./half-normal.ts";
export { Exponential } from "./exponential.ts";
export { Uniform } from "./uniform.ts";
export { Dirichlet } from "./dirichlet.ts";
export { Bernoulli, bernoulliLogProb, bernoulliLogitsLogProb } from "./bernoulli.ts";
export { Binomial, binomialLogProb, binomialLogitsLogProb } from "./binomial.ts";
export { Poisson, poissonLogProb } from "./poisson.ts";
export { Categorical } from "./categorical.ts";
export { kl, klOrUndefined, klDiv } from "./kl.ts";
