// vitape: everything public, in reading order from the tape up. Each layer is also its own entry point
// (vitape/autodiff, vitape/special, ...), and none runs code at import time.
export * from "./autodiff/index.ts";
export * from "./autodiff/special.ts";
export * as special from "./special/index.ts";
export * from "./random/index.ts";
export * from "./distributions/index.ts";
export * from "./infer/index.ts";
export * from "./optim/index.ts";
