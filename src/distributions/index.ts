// The distributions layer: Beta, Bernoulli, Gamma behind one interface (distribution.ts), the constraints their
// supports and parameters live in (`constraints.positive`, ...), and what a new distribution is built from
// (Base, checkParam, batchShapeOf, fromElementPartials; docs/05-adding-a-distribution.md).
export type { Distribution, Draw, DiscreteDraw, PlainDraw, PlainValue } from "./distribution.ts";
export { Base, checkParam, batchShapeOf, fromElementPartials, PARAMETER_TYPES } from "./distribution.ts";
export { Beta } from "./beta.ts";
export { Bernoulli, bernoulliLogProb, bernoulliLogitsLogProb } from "./bernoulli.ts";
export { Gamma } from "./gamma.ts";
export { Normal } from "./normal.ts";
export { LogNormal } from "./log-normal.ts";
export { HalfNormal } from "./half-normal.ts";
export { Exponential } from "./exponential.ts";
export { Uniform } from "./uniform.ts";
export { Dirichlet } from "./dirichlet.ts";
export * as constraints from "./constraints.ts";
export type { Constraint, ConstraintSpec } from "./constraints.ts";
export { Poisson, poissonLogProb } from "./poisson.ts";
export { Binomial, binomialLogProb, binomialLogitsLogProb } from "./binomial.ts";
export { Categorical } from "./categorical.ts";
export { kl, klOrUndefined, klDiv } from "./kl.ts";
