// Predictive (Pyro's pyro.infer.Predictive): draws from the posterior predictive (latents from a fitted guide) or
// the prior predictive (no guide), by running the model forward under handlers: plain numbers all the way, no tape.
// Called by users after SVI; uses handlers.ts's recorder and replayer. Read summary.ts next for the digest of draws.
import { valueOf, type Value } from "../autodiff/index.ts";
import type { Distribution } from "../distributions/index.ts";
import { check, checkInteger, checkType } from "../check.ts";
import { createRng, Rng } from "../random/index.ts";
import { recorder, replayer } from "./handlers.ts";
import { ParamStore } from "./param-store.ts";
import { handle, type Handler, type Message } from "./runtime.ts";

/** Options of {@link Predictive}. */
export interface PredictiveOptions<A extends unknown[]> {
  /** Draws the latents (a fitted guide, with `params`); without one, the latents come from the model's prior. */
  guide?: (...args: A) => unknown;
  /** The parameters of guide and model (an SVI run's `svi.params`); a parameter not in it takes its init. */
  params?: ParamStore;
  /** How many joint draws each `run` makes: an integer ≥ 1. */
  numSamples: number;
  /** Seed of the draws (default 0), as SVI's; or `rng`, a generator to draw from. */
  seed?: number;
  rng?: Rng;
  /** The model's sample sites to return (default: all of them, latent and observed). */
  returnSites?: readonly string[];
  /**
   * What an observed site returns: "resample" (default) a fresh draw from its distribution, of the observation's
   * shape (the posterior predictive of the data); "keep" the observed value itself, as Pyro's Predictive does.
   */
  observed?: "resample" | "keep";
}

/** Draws by site name: numSamples numbers for a scalar site, numSamples Float64Arrays for a vector site. */
export type PredictiveSamples = Map<string, Float64Array | Float64Array[]>;

/**
 * new Predictive(model, { guide, params, numSamples, seed }).run(...args): numSamples joint draws of the model's
 * sample sites. Each draw s runs the guide (when given) with `params`, then the model with the guide's latent
 * draws (and plate subsamples) replayed into it, so that
 *
 *     z⁽ˢ⁾ ~ q(z; φ)  (or p(z) without a guide),   x⁽ˢ⁾ ~ p(x | z⁽ˢ⁾),
 *
 * the posterior (or prior) predictive. A model latent that the guide does not draw comes from its prior given the
 * others; a guide site the model lacks is not returned. With `observed: "resample"` (the default) each observed
 * site, `{ obs }` or `condition`'s, is a fresh draw from its distribution with the observation's shape (n draws of
 * a scalar distribution observed at n values), and that draw is what the rest of the model sees.
 *
 * Pyro's rule differs there, and `observed: "keep"` follows it: Pyro 1.8.4's Predictive conditions the model on the
 * guide's draws and returns every model site (with a guide) or every site not in posterior_samples (without),
 * but an observed site keeps its observed value (checked by running Pyro: the returned "obs" rows equal the data);
 * Pyro users get fresh draws by calling the model with obs=None. vitape resamples by default because a scalar
 * distribution observed at n values (the coin flip's `sample("obs", new Bernoulli(f), { obs: data })`) has no
 * obs-free form that draws n values.
 *
 * Draws use plain values: parameters are read from the store as numbers, so no tape node is made. Each `run`
 * continues the generator: two Predictives with the same seed give the same draws.
 *
 * Source: Pyro 1.8.4, pyro/infer/predictive.py (Predictive, _predictive_sequential).
 */
export class Predictive<A extends unknown[]> {
  declare readonly model: (...args: A) => unknown;
  declare readonly guide: ((...args: A) => unknown) | undefined;
  declare readonly params: ParamStore | undefined;
  declare readonly numSamples: number;
  declare readonly returnSites: readonly string[] | undefined;
  declare readonly observed: "resample" | "keep";
  declare private readonly rng: Rng;

  /**
   * @throws TypeError naming the argument unless model (and guide, when given) is a function, params a
   * ParamStore, numSamples and seed numbers, rng an Rng, returnSites an array of strings and observed "resample" or
   * "keep"; RangeError unless numSamples is an integer ≥ 1 and seed a safe integer.
   */
  constructor(model: (...args: A) => unknown, options: PredictiveOptions<A>) {
    const where = "Predictive";
    checkType(typeof model === "function", "model", "a function", model, where);
    checkType(typeof options === "object" && options !== null && !Array.isArray(options), "options", "an object", options, where);
    const { guide, params, numSamples, seed, rng, returnSites, observed = "resample" } = options;
    checkType(guide === undefined || typeof guide === "function", "guide", "a function", guide, where);
    checkType(params === undefined || params instanceof ParamStore, "params", "a ParamStore (svi.params)", params, where);
    checkInteger(numSamples, "numSamples", 1, Number.MAX_SAFE_INTEGER, where);
    if (seed !== undefined) checkInteger(seed, "seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, where);
    checkType(rng === undefined || rng instanceof Rng, "rng", "an Rng (from createRng)", rng, where);
    const names = returnSites === undefined || (Array.isArray(returnSites) && returnSites.every((s) => typeof s === "string"));
    checkType(names, "returnSites", "an array of site names", returnSites, where);
    checkType(typeof observed === "string", "observed", '"resample" or "keep"', observed, where);
    check(observed === "resample" || observed === "keep", "observed", '"resample" or "keep"', observed, where);
    this.model = model;
    this.guide = guide;
    this.params = params;
    this.numSamples = numSamples;
    this.returnSites = returnSites === undefined ? undefined : [...returnSites];
    this.observed = observed;
    this.rng = rng ?? createRng(seed ?? 0);
  }

  /**
   * numSamples draws of each returned site, by name in the model's site order.
   * @throws RangeError naming a returnSites entry that is not a sample site of the model; Error naming a site
   * whose draws change between scalar and vector; whatever the model or guide throws.
   */
  run(...args: A): PredictiveSamples {
    const { model, guide, numSamples: n, rng, params, returnSites } = this;
    const resample = this.observed === "resample";
    const recordGuide = recorder(), recordModel = recorder();
    const replay = replayer(false, recordGuide.sites);
    // Outermost: every draw from this run's generator, every parameter from the store (else its init).
    const outer: Handler = {
      process(msg) {
        msg.rng ??= rng;
        if (msg.type === "param" && params?.has(msg.name)) msg.value = params.get<number | Float64Array>(msg.name);
      },
    };
    // Innermost, below the model's own handlers (condition's): observed sites redrawn, latents replayed.
    const inner: Handler = {
      process(msg) {
        if (msg.type === "sample" && msg.observed && resample) msg.value = drawLike(msg.fn!, msg.value as Value, rng);
        else replay.process!(msg);
      },
    };
    const out: PredictiveSamples = new Map();
    for (let s = 0; s < n; s++) {
      recordGuide.sites.clear();
      recordModel.sites.clear();
      handle(outer, () => {
        if (guide) handle(recordGuide, guide, args);
        handle(recordModel, model, args, inner);
      }, []);
      const sites = recordModel.sites;
      if (s === 0) {
        for (const name of returnSites ?? []) {
          if (sites.get(name)?.type !== "sample") throw new RangeError(`Predictive: returnSites names "${name}", which is not a sample site of the model`);
        }
      }
      for (let i = 0; i < sites.n; i++) {
        const site = sites.list[i]!;
        if (site.type === "sample" && (returnSites === undefined || returnSites.includes(site.name))) collect(out, site, s, n);
      }
    }
    return out;
  }
}

/** Store draw s of a site into out (making its entry at the first draw). @throws Error when its kind changes. */
function collect(out: PredictiveSamples, site: Message, s: number, n: number): void {
  const v = valueOf(site.value as Value);
  let draws = out.get(site.name);
  if (draws === undefined) out.set(site.name, (draws = typeof v === "number" ? new Float64Array(n) : []));
  const scalar = draws instanceof Float64Array;
  if (scalar !== (typeof v === "number")) throw new Error(`Predictive: sample "${site.name}" was ${scalar ? "a number" : "a vector"} at the first draw and is not at draw ${s}`);
  if (scalar) (draws as Float64Array)[s] = v as number;
  else (draws as Float64Array[]).push(Float64Array.from(v as Float64Array));
}

/**
 * A fresh draw from fn shaped as the observation x: n independent draws when a scalar distribution observes n
 * values at once, else one draw (a batch, or a vector-valued event such as Dirichlet's).
 */
function drawLike(fn: Distribution, x: Value, rng: Rng): number | Float64Array {
  const v = valueOf(x);
  if (typeof v === "number" || fn.batchShape.length > 0 || fn.eventShape.length > 0) return fn.sample(rng) as number | Float64Array;
  const out = new Float64Array(v.length);
  for (let i = 0; i < out.length; i++) out[i] = fn.sample(rng) as number;
  return out;
}
