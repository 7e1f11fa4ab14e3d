// Autoguides: a guide built from the model by running it once (Pyro's AutoGuide). This file holds what AutoDelta,
// AutoNormal and AutoMeanField share: the callable object SVI takes as a guide, the prototype run that finds the
// model's latent sites (support, shape, plate, initial value), and the per-call loop that samples each site inside
// its plate. Read auto-normal.ts next for a guide built on it.
import { valueOf, type Value, type Vector } from "../autodiff/index.ts";
import type { Constraint, Distribution } from "../distributions/index.ts";
import { check, checkType } from "../check.ts";
import { createRng } from "../random/index.ts";
import { ParamStore } from "./param-store.ts";
import { gather, plate } from "./plate.ts";
import { handle, param, sample, type Message } from "./runtime.ts";

/** What an init function is given: a latent site's name and its prior, as the model built it in the prototype run. */
export interface InitSite {
  name: string;
  fn: Distribution;
}

/**
 * A per-site initial value (in the site's support, with its shape: a number, or a Float64Array for a batch or a
 * vector event), or undefined for the default, the prior's mean (Pyro's init_loc_fn; init_to_mean).
 */
export type InitFn = (site: InitSite) => number | Float64Array | undefined;

/** Options every autoguide takes. */
export interface AutoGuideOptions {
  /** Initial values by site; default the prior's mean (a feasible point where the mean is not inside the support). */
  init?: InitFn;
}

/** A latent site of the model, as the prototype run found it. */
export interface LatentSite {
  readonly name: string;
  /** The prior as built in the prototype run (its parameters are plain numbers there). */
  readonly fn: Distribution;
  readonly support: Constraint;
  /** The subsampled plate this site is a batch of: its local parameters have the plate's full size. */
  readonly plate: { name: string; size: number; subsampleSize: number } | undefined;
  /** The initial value, inside the support, with the parameters' shape (the plate's full size if subsampled). */
  readonly init: number | Float64Array;
  /** The guide's parameters for this site, made once: names in the store (svi.params), starts, constraints. */
  readonly params: readonly ParamSpec[];
}

/** One parameter of a site's factor: its name in the store, its initial value and `param`'s options. */
export interface ParamSpec {
  readonly name: string;
  readonly init: number | Float64Array;
  readonly options: { readonly constraint: Constraint };
}

/** The supports no bijection from ℝ reaches: the discrete ones. */
const DISCRETE = ["boolean", "nonnegativeInteger", "integerInterval"];

/**
 * The base of every autoguide: an object that is itself the guide function. `new AutoNormal(model)` returns a
 * function (typeof "function", with the class's methods), so SVI takes it wherever a guide function goes:
 * `new SVI(model, new AutoNormal(model), optim, elbo)`. On its first call it runs the model once, with the call's
 * arguments, to find the latent sites (see {@link AutoGuide.sites}); every call then samples each latent site from
 * the guide's family, inside the site's plate when that plate subsamples.
 *
 * A subclass says which supports it handles (`accepts`), the parameters of a site's factor (`paramsOf`), the
 * distribution they make (`build`), and its median and quantiles from their values (`siteQuantiles`).
 */
export abstract class AutoGuide<A extends unknown[] = unknown[]> {
  /** The model the guide was built for. */
  declare readonly model: (...args: A) => unknown;
  /** The class name, for messages (a function's own `name` is read-only). */
  declare protected readonly where: string;
  declare protected readonly initFn: InitFn | undefined;
  /** The latent sites in the model's order, after the first call (undefined before). */
  declare protected latent: LatentSite[] | undefined;

  /**
   * `where` is the class's name (messages, parameter names): given by each subclass, since minifiers rename classes.
   * @throws TypeError naming the argument unless model is a function, options an object and init a function.
   */
  constructor(model: (...args: A) => unknown, options: AutoGuideOptions, where: string) {
    checkType(typeof model === "function", "model", "a function", model, where);
    checkType(typeof options === "object" && options !== null && !Array.isArray(options), "options", "an object", options, where);
    const { init } = options;
    checkType(init === undefined || typeof init === "function", "init", "a function (site) => value", init, where);
    // The instance is a function whose prototype is the class's: what SVI calls, and what the methods read.
    const guide = ((...args: A): void => guide.run(args)) as unknown as this;
    Object.setPrototypeOf(guide, new.target.prototype);
    Object.assign(guide, { model, where, initFn: init, latent: undefined });
    return guide;
  }

  /** The latent sites found by the first call. @throws Error naming the guide when it has not been called yet. */
  sites(): readonly LatentSite[] {
    if (!this.latent) throw new Error(`${this.where}: the guide has not run yet (run an SVI step first)`);
    return this.latent;
  }

  /**
   * The median of each latent site under the guide with the parameters in `params` (svi.params): site → a number,
   * or a Float64Array for a batch or a vector event.
   * @throws TypeError unless params is a ParamStore; Error before the guide's first call, or naming a parameter
   * the store lacks.
   */
  median(params: ParamStore): Map<string, number | Float64Array> {
    const out = new Map<string, number | Float64Array>();
    for (const [name, q] of this.quantilesOf([0.5], params, "median")) out.set(name, q[0]!);
    return out;
  }

  /**
   * The quantiles qs (each in (0, 1)) of each latent site under the guide with the parameters in `params`:
   * site → a Float64Array of qs.length values for a scalar site, or qs.length Float64Arrays (one per quantile) for
   * a batch or a vector event. For a vector event (the simplex) these are per-coordinate quantiles.
   * @throws TypeError unless qs is an array of numbers and params a ParamStore; RangeError unless each q is in
   * (0, 1); Error before the guide's first call.
   */
  quantiles(qs: readonly number[], params: ParamStore): Map<string, Float64Array | Float64Array[]> {
    const out = new Map<string, Float64Array | Float64Array[]>();
    for (const [name, q] of this.quantilesOf(qs, params, "quantiles")) {
      out.set(name, typeof q[0] === "number" ? Float64Array.from(q as number[]) : (q as Float64Array[]));
    }
    return out;
  }

  /** Each site's quantiles, one value (a number or a Float64Array) per q, after checking the arguments. */
  private quantilesOf(qs: readonly number[], params: ParamStore, method: string): Map<string, (number | Float64Array)[]> {
    const where = `${this.where}.${method}`;
    checkType(Array.isArray(qs) && qs.every((q) => typeof q === "number"), "quantiles", "an array of numbers", qs, where);
    qs.forEach((q, i) => check(q > 0 && q < 1, `quantiles[${i}]`, "in (0, 1)", q, where));
    checkType(params instanceof ParamStore, "params", "a ParamStore (svi.params)", params, where);
    return new Map(this.sites().map((site) => [site.name, this.siteQuantiles(site, qs, params)]));
  }

  /** Whether the guide can represent a latent with this support (and distribution). */
  protected abstract accepts(site: Message): boolean;
  /** The site's parameters, from its name, support and initial value (made once, in the prototype run). */
  protected abstract paramsOf(name: string, support: Constraint, init: number | Float64Array): ParamSpec[];
  /** The rule `accepts` states, for the error it raises: "a continuous support", ... */
  protected abstract readonly rule: string;
  /** The guide's distribution at the site, from its parameters' values (in params' order). */
  protected abstract build(site: LatentSite, values: Value[]): Distribution;
  /** The site's quantiles at qs (one value per q) from the parameters in params. */
  protected abstract siteQuantiles(site: LatentSite, qs: readonly number[], params: ParamStore): (number | Float64Array)[];

  /** One call of the guide: find the latent sites on the first, then sample each (inside its plate if subsampled). */
  private run(args: A): void {
    const sites = (this.latent ??= this.prototype(args));
    const done = new Set<string>();
    for (const site of sites) {
      const p = site.plate;
      if (!p) this.sampleSite(site, undefined);
      else if (!done.has(p.name)) {
        // One plate call per plate, holding all its sites: a guide may enter a plate of a given name once.
        done.add(p.name);
        plate(p.name, p.size, { subsampleSize: p.subsampleSize }, (indices) => {
          for (const s of sites) if (s.plate?.name === p.name) this.sampleSite(s, indices);
        });
      }
    }
  }

  /** Sample the site from the guide's family; `indices`, inside its subsampled plate, select the local parameters. */
  private sampleSite(site: LatentSite, indices: Int32Array | undefined): void {
    const values = site.params.map(({ name, init, options }) => {
      const v = param(name, init as number, options) as Value;
      return indices ? gather(v as Vector, indices) : v;
    });
    sample(site.name, this.build(site, values));
  }

  /**
   * Run the model once, hidden from every handler outside (the step's trace and parameters), with each latent
   * site's value set to its initial value (so later sites see it, as Pyro's InitMessenger does) and draws
   * (subsamples) from a generator of its own. A latent site that is a batch of the last subsampled plate whose
   * subsample size is its length, with a log-probability scale other than 1, belongs to that plate.
   * @throws TypeError naming the site when its support is one the guide cannot handle; RangeError when an init
   * value is outside the support or of the wrong shape.
   */
  private prototype(args: A): LatentSite[] {
    const rng = createRng(0), plates: Message[] = [], sites: LatentSite[] = [], inits = new Map<Message, number | Float64Array>();
    handle({
      process: (msg) => {
        msg.rng ??= rng;
        msg.stop = true;
        if (msg.type !== "sample" || msg.observed) return;
        const where = `${this.where}: sample "${msg.name}"`;
        // Inside a plate a prior without a batch is expanded to the plate's size (plate.ts's broadcast), as a draw
        // there would be: one latent per index in use.
        if (msg.broadcast) msg.fn = msg.broadcast(msg, msg.fn!);
        checkType(!DISCRETE.includes(msg.fn!.support.spec.type) && this.accepts(msg), "support", this.rule, msg.fn!.support.spec.type, where);
        const init = this.initValue(msg, where);
        inits.set(msg, init);
        msg.value ??= init;
      },
      postprocess: (msg) => {
        if (msg.type === "plate") plates.push(msg);
        const value = inits.get(msg);
        if (value === undefined) return;
        const n = typeof value === "number" || msg.fn!.eventShape.length ? 0 : value.length;
        // The last subsampled plate with subsample size n (`p`): the site's plate.
        let p: Message | undefined;
        for (const q of plates) if (q.subsampleSize! !== q.size! && n && msg.scale !== 1 && q.subsampleSize === n) p = q;
        // A subsampled site's local parameters have the plate's full size, started by repeating its init (Pyro's
        // periodic_repeat).
        const init = p ? Float64Array.from({ length: p.size! }, (_, i) => (value as Float64Array)[i % n]!) : value;
        const { name, fn } = msg, support = fn!.support;
        sites.push({ name, fn: fn!, support, init, plate: p && { name: p.name, size: p.size!, subsampleSize: n }, params: this.paramsOf(name, support, init) });
      },
    }, this.model, args);
    return sites;
  }

  /**
   * The site's initial value: the init function's, else the prior's mean, else a feasible point (the support's
   * transform of 0), checked to be of the draw's shape, finite, inside the support and of finite preimage (a
   * Normal in the unconstrained space must be able to start there).
   */
  private initValue(msg: Message, where: string): number | Float64Array {
    const fn = msg.fn!, support = fn.support, shape = fn.eventShape.length ? fn.eventShape : fn.batchShape;
    const fits = (v: unknown): v is number | Float64Array => {
      if (shape.length === 0 ? typeof v !== "number" : !(v instanceof Float64Array && v.length === shape[0])) return false;
      const x = v as number | Float64Array;
      if (!support.check(x) || !(typeof x === "number" ? [x] : x).every(Number.isFinite)) return false;
      const u = support.inverse(x as number);
      return (typeof u === "number" ? [u] : u).every(Number.isFinite);
    };
    const given = this.initFn?.({ name: msg.name, fn });
    if (given !== undefined) {
      check(fits(given), "init value", `of the site's shape [${shape.join(", ")}], finite and strictly inside its support (${support.spec.type})`, given, where);
      return given;
    }
    const mean = valueOf(fn.mean as Value);
    if (fits(mean)) return mean;
    const feasible = valueOf(support.transform(shape.length === 0 ? 0 : new Float64Array(support.eventDim ? shape[0]! - 1 : shape[0]!)));
    return typeof feasible === "number" ? feasible : feasible.slice();
  }
}

/** A guide object is callable: its call signature, merged into the class. */
export interface AutoGuide<A extends unknown[] = unknown[]> {
  (...args: A): void;
}

// Performance notes. The prototype run happens once per guide; each later call is one loop over the sites plus, per
// subsampled plate, a Set lookup. A guide is a closure with its prototype replaced (Object.setPrototypeOf), which
// V8 handles as a dictionary-mode object: property reads on the guide cost a hash lookup, a few per step.
