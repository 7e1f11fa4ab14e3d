// The inference layer: effects (runtime.ts, plate.ts), handlers (handlers.ts), the parameter store, Trace_ELBO, SVI and
// its checkpoints.
export { sample, param, withHandler, applyStack, type Message, type Handler } from "./runtime.ts";
export { plate, gather, type PlateOptions } from "./plate.ts";
export { trace, replay, block, seed, type Trace } from "./handlers.ts";
export { ParamStore, loadParams, type ParamEntry, type ParamStoreJSON } from "./param-store.ts";
export { TraceELBO, type TraceELBOOptions, type ELBOLoss } from "./elbo.ts";
export { SVI } from "./svi.ts";
export { checkpoint, restore, type SVICheckpoint } from "./checkpoint.ts";
export { TraceMeanFieldELBO } from "./mean-field-elbo.ts";
