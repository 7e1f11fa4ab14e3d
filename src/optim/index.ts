// The optimizers SVI drives: Adam and Pyro's ClippedAdam (adam.ts), SGD with momentum (sgd.ts), and their state as
// JSON (state.ts).
export type { Optimizer, OptimizerState } from "./optimizer.ts";
export { getOptimizerState, setOptimizerState } from "./state.ts";
export { Adam, ClippedAdam, type AdamOptions, type ClippedAdamOptions } from "./adam.ts";
export { SGD, type SGDOptions } from "./sgd.ts";
