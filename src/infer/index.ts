// The inference layer: effects (runtime.ts, plate.ts), handlers (handlers.ts), the parameter store, Trace_ELBO and SVI.
export { sample, param, withHandler, applyStack, type Message, type Handler } from "./runtime.ts";
export { plate, gather, type PlateOptions } from "./plate.ts";
export { trace, replay, block, seed, type Trace } from "./handlers.ts";
export { ParamStore, type ParamEntry, type ParamStoreJSON } from "./param-store.ts";
export { TraceELBO, type TraceELBOOptions, type ELBOLoss } from "./elbo.ts";
export { SVI, type SVICheckpoint } from "./svi.ts";
export { TraceMeanFieldELBO } from "./mean-field-elbo.ts";
export { AutoGuide, type AutoGuideOptions, type InitFn, type InitSite, type LatentSite } from "./auto-guide.ts";
export { AutoDelta, Delta } from "./auto-delta.ts";
export { AutoNormal, TransformedNormal, type AutoNormalOptions } from "./auto-normal.ts";
export { AutoMeanField, type AutoMeanFieldOptions } from "./auto-mean-field.ts";
