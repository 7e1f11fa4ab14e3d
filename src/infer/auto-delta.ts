// AutoDelta: the MAP guide, a point mass at a learned value of each latent (Pyro's AutoDelta), and Delta, the
// point-mass distribution it samples from. Built on auto-guide.ts; read auto-normal.ts next.
import { valueOf, type Value } from "../autodiff/index.ts";
import { Base, type Distribution } from "../distributions/distribution.ts";
import { real, type Constraint } from "../distributions/constraints.ts";
import { AutoGuide, type AutoGuideOptions, type LatentSite, type ParamSpec } from "./auto-guide.ts";
import type { ParamStore } from "./param-store.ts";
import type { Message } from "./runtime.ts";

/**
 * Delta(v): the point mass at v (Pyro's dist.Delta), in `support`: log p(x) = 0 at x = v and -∞ elsewhere
 * (elementwise for a vector v); a draw is v itself, so a guide site's value is the parameter node and the ELBO's
 * gradient flows into it. With log q = 0 the ELBO is log p(x, v): SVI maximizes the joint density, MAP.
 */
export class Delta extends Base<Value> {
  readonly hasRsample = true;
  declare readonly support: Constraint;
  declare readonly v: Value;

  constructor(v: Value, support: Constraint = real) {
    super();
    this.v = v;
    this.support = support;
    const x = valueOf(v);
    if (typeof x !== "number") {
      if (support.eventDim) this.eventShape = [x.length];
      else this.batchShape = [x.length];
    }
  }

  /** E[x] = v. */
  get mean(): Value {
    return this.v;
  }

  /** Var[x] = 0. */
  get variance(): Value {
    const x = valueOf(this.v);
    return typeof x === "number" ? 0 : new Float64Array(x.length);
  }

  /** 0 where x = v, -∞ elsewhere (a plain value: nothing to differentiate). */
  logProb(x: Value): Value {
    const xv = valueOf(x), v = valueOf(this.v);
    if (typeof xv === "number" || typeof v === "number") return xv === v ? 0 : -Infinity;
    return v.map((vi, i) => (xv[i] === vi ? 0 : -Infinity));
  }

  override logProbSum(x: Value): number {
    const lp = this.logProb(x) as number | Float64Array;
    return typeof lp === "number" ? lp : lp.reduce((s, l) => s + l, 0);
  }

  /** v itself. */
  rsample(): Value {
    return this.v;
  }

  detach(): Distribution<Value> {
    return new Delta(valueOf(this.v), this.support);
  }
}

/**
 * AutoDelta(model, { init }): each latent site z is sampled from Delta(v_z), v_z a parameter named
 * `AutoDelta.<site>` constrained to the site's support (stored unconstrained, as every parameter), started at the
 * prior's mean. SVI then finds a MAP estimate: the maximum of log p(x, z) over z, in the constrained
 * parameterization (Pyro's AutoDelta). A site in a subsampled plate has a parameter of the plate's full size, of
 * which each step uses the subsample's entries.
 *
 * A simplex site (Dirichlet) stores its K - 1 stick-breaking coordinates u as `AutoDelta.<site>`, unconstrained
 * (the parameter store constrains element by element), and is sampled at simplex.transform(u).
 *
 * median(params) and quantiles(qs, params) are the point itself (every quantile of a point mass).
 */
export class AutoDelta<A extends unknown[] = unknown[]> extends AutoGuide<A> {
  protected readonly rule = "continuous (not boolean or integer-valued)";

  /** @throws TypeError naming the argument unless model is a function and options `{ init?: function }`. */
  constructor(model: (...args: A) => unknown, options: AutoGuideOptions = {}) {
    super(model, options, "AutoDelta");
  }

  protected accepts(_site: Message): boolean {
    return true;
  }

  /** v in the support (a simplex's K - 1 coordinates u, unconstrained). */
  protected paramsOf(name: string, support: Constraint, init: number | Float64Array): ParamSpec[] {
    const simplex = support.eventDim === 1;
    return [{ name: `AutoDelta.${name}`, init: simplex ? support.inverse(init as Float64Array) : init, options: { constraint: simplex ? real : support } }];
  }

  /** The point mass at v (at the simplex's transform of u). */
  protected build(site: LatentSite, [v]: Value[]): Distribution {
    const { support } = site;
    return new Delta(support.eventDim === 1 ? support.transform(v!) : v!, support);
  }

  protected siteQuantiles(site: LatentSite, qs: readonly number[], params: ParamStore): (number | Float64Array)[] {
    const stored = params.get<number | Float64Array>(site.params[0]!.name);
    const v = site.support.eventDim === 1 ? (valueOf(site.support.transform(stored)) as Float64Array) : stored;
    return qs.map(() => (typeof v === "number" ? v : v.slice()));
  }
}
