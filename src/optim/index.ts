// The optimizers SVI drives: Adam and Pyro's ClippedAdam (adam.ts), SGD with momentum (sgd.ts).
export type { Optimizer, OptimizerState } from "./optimizer.ts";
export { Adam, ClippedAdam, type AdamOptions, type ClippedAdamOptions } from "./adam.ts";
export { SGD, type SGDOptions } from "./sgd.ts";
