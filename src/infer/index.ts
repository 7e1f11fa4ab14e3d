// The inference layer: effects (runtime.ts, plate.ts), handlers (handlers.ts, condition.ts, mask.ts, scale.ts,
// intervene.ts), the parameter store, Trace_ELBO, SVI and its checkpoints, Predictive and summary.
export { sample, param, withHandler, applyStack, type Message, type Handler } from "./runtime.ts";
export { plate, gather, type PlateOptions } from "./plate.ts";
export { trace, replay, block, seed, type Trace } from "./handlers.ts";
export { ParamStore, loadParams, type ParamEntry, type ParamStoreJSON } from "./param-store.ts";
export { TraceELBO, type TraceELBOOptions, type ELBOLoss } from "./elbo.ts";
export { SVI } from "./svi.ts";
export { checkpoint, restore, type SVICheckpoint } from "./checkpoint.ts";
export { TraceMeanFieldELBO } from "./mean-field-elbo.ts";
export { condition, type ConditionData } from "./condition.ts";
export { mask, Masked, type MaskValue } from "./mask.ts";
export { scale } from "./scale.ts";
export { Predictive, type PredictiveOptions, type PredictiveSamples } from "./predictive.ts";
export { summary, type SiteSummary } from "./summary.ts";
export { intervene } from "./intervene.ts";
export { factor, ImproperUniform } from "./factor.ts";
export { AutoGuide, type AutoGuideOptions, type InitFn, type InitSite, type LatentSite } from "./auto-guide.ts";
export { AutoDelta, Delta } from "./auto-delta.ts";
export { AutoNormal, TransformedNormal, type AutoNormalOptions } from "./auto-normal.ts";
export { AutoMeanField, type AutoMeanFieldOptions } from "./auto-mean-field.ts";
