// The random layer's public surface, in reading order: the generator, then the samplers built on it.
// Every sampler takes the Rng as its first argument; nothing here holds module state.
export { Rng, createRng, restoreRng, uniform, uint64, jump, type RngState } from "./rng.ts";
export { standardNormal, normal } from "./normal.ts";
export { standardGamma, logStandardGamma } from "./gamma.ts";
export { standardExponential, exponential } from "./exponential.ts";
export { beta, betaInto, type BetaDraw } from "./beta.ts";
export { bernoulli } from "./bernoulli.ts";
export { subsampleIndices } from "./subsample.ts";
export { poisson, poissonLogPmf } from "./poisson.ts";
export { binomial, binomialLogPmf } from "./binomial.ts";
export { categorical } from "./categorical.ts";
