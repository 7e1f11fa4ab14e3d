// AutoNormal: a Normal in the unconstrained space of each latent's support, pushed through the support's
// bijection (Pyro's AutoNormal), and TransformedNormal, the pushed-forward distribution it samples from. Built on
// auto-guide.ts; read auto-mean-field.ts next for the guide whose family fits each support natively.
import { sub, sum, valueOf, type Value, type Vector } from "../autodiff/index.ts";
import { Base, batchShapeOf, checkParam, type Distribution } from "../distributions/distribution.ts";
import { positive, real, type Constraint } from "../distributions/constraints.ts";
import { Normal, locationScale, normalLogProb, standardNormals } from "../distributions/normal.ts";
import { checkPositive, message } from "../check.ts";
import type { Rng } from "../random/index.ts";
import { AutoGuide, type AutoGuideOptions, type LatentSite, type ParamSpec } from "./auto-guide.ts";
import { normalQuantile } from "./auto-quantile.ts";
import type { ParamStore } from "./param-store.ts";
import type { Message } from "./runtime.ts";

/**
 * The law of z = T(u), u ~ Normal(loc, scale), for T = support.transform (Pyro's TransformedDistribution of a
 * Normal by biject_to(support)): log q(z) = log N(u; loc, scale) - log |det ∂T/∂u|, u = T⁻¹(z), elementwise for a
 * batch, and summed over the K - 1 coordinates of u for the simplex (eventDim 1, one scalar per draw).
 *
 * logProb at its own draw uses the u it drew (a tape node), so log q is differentiable along the draw's path with
 * no inverse to differentiate; at a plain number or Float64Array it inverts T. Its mean and variance have no
 * closed form for most supports: AutoNormal's median and quantiles are the transformed ones of u.
 *
 * @throws TypeError or RangeError naming the parameter unless loc is finite and scale finite and > 0 (as Normal).
 */
export class TransformedNormal extends Base<Value> {
  readonly hasRsample = true;
  declare readonly support: Constraint;
  declare readonly loc: Value;
  declare readonly scale: Value;
  /** The last draw z and the u it came from. */
  private declare drawn: Value | undefined;
  private declare u: Value | undefined;

  constructor(loc: Value, scale: Value, support: Constraint) {
    super();
    this.loc = checkParam(loc, "loc", "TransformedNormal", Number.isFinite, "finite");
    this.scale = checkParam(scale, "scale", "TransformedNormal");
    this.support = support;
    this.drawn = this.u = undefined;
    const shape = batchShapeOf("TransformedNormal", { loc, scale });
    // On the simplex u has K - 1 coordinates and a draw is one vector of K.
    if (support.eventDim) this.eventShape = [shape[0]! + 1];
    else this.batchShape = shape;
  }

  /** No closed form in general: throws (read AutoNormal's median or quantiles instead). */
  get mean(): Value {
    return noClosedForm("mean");
  }

  /** No closed form in general: throws. */
  get variance(): Value {
    return noClosedForm("variance");
  }

  /** log N(u; loc, scale) - log |det ∂T/∂u| at u = T⁻¹(z): at its own draw's u, else T⁻¹ of a plain z. */
  logProb(z: Value): Value {
    const { support } = this;
    let u = this.u;
    if (z !== this.drawn) {
      const zv = valueOf(z);
      if (zv !== z) throw new TypeError(message("x", "plain or its own draw", z, "TransformedNormal.logProb"));
      this.checkSupport(z);
      u = support.inverse(zv as number);
    }
    const lp = normalLogProb(u!, this.loc, this.scale), logDet = support.logAbsDetJacobian(u!);
    return support.eventDim ? sub(sum(lp as Vector), logDet) : sub(lp, logDet);
  }

  /** z = T(loc + scale·ε), ε ~ N(0, 1): a node with the path derivatives when loc or scale is a node. */
  rsample(rng: Rng): Value {
    const n = valueOf(this.loc), m = valueOf(this.scale);
    const shape = typeof n !== "number" ? [n.length] : typeof m !== "number" ? [m.length] : [];
    const u = locationScale(this.loc, this.scale, standardNormals(rng, shape), false);
    this.u = u;
    return (this.drawn = this.support.transform(u));
  }

  /** The same law with plain parameters, still knowing the last draw's u (log q along the path, for "sticking the landing"). */
  detach(): Distribution<Value> {
    const d = new TransformedNormal(valueOf(this.loc), valueOf(this.scale), this.support);
    d.drawn = this.drawn;
    d.u = this.u;
    return d;
  }
}

/** The error of TransformedNormal's moments. */
function noClosedForm(what: string): never {
  throw new Error(`TransformedNormal: ${what} has no closed form (use the guide's median or quantiles)`);
}

/** Options of {@link AutoNormal}. */
export interface AutoNormalOptions extends AutoGuideOptions {
  /** The initial scale of every unconstrained Normal, default 0.1 (Pyro's init_scale). */
  initScale?: number;
}

/**
 * AutoNormal(model, { initScale, init }): each latent site z with support S is z = T_S(u), u ~ Normal(loc, scale)
 * elementwise, T_S the support's bijection from ℝ (constraints.ts: exp onto (0, ∞), σ onto (0, 1), stick-breaking
 * onto the simplex, the identity on ℝ), and log q(z) = log N(u; loc, scale) - log |det ∂T_S/∂u| (Pyro's AutoNormal).
 * Parameters: `AutoNormal.locs.<site>` (ℝ, started at T_S⁻¹ of the prior's mean) and `AutoNormal.scales.<site>`
 * (positive, stored as log, started at initScale), of the unconstrained shape (K - 1 on the simplex, the plate's
 * full size for a site in a subsampled plate). On ℝ the site is sampled from a plain Normal, so TraceMeanFieldELBO
 * takes its KL in closed form against a Normal prior.
 *
 * Its family holds the posterior only where that is Normal after T_S⁻¹ (a Normal latent with Normal likelihood);
 * a Gamma or Beta posterior it approximates by a LogNormal or a logit-Normal (AutoMeanField fits those exactly).
 * median(params) is T_S(loc); quantiles(qs, params) are T_S(loc + scale·Φ⁻¹(q)) (for the simplex, T_S of the
 * vector of unconstrained quantiles, as Pyro's).
 *
 * @throws TypeError or RangeError naming the option unless initScale is a finite number > 0; (at the first call)
 * TypeError naming a site whose support is discrete.
 */
export class AutoNormal<A extends unknown[] = unknown[]> extends AutoGuide<A> {
  declare readonly initScale: number;
  protected readonly rule = "continuous (not boolean or integer-valued)";

  constructor(model: (...args: A) => unknown, options: AutoNormalOptions = {}) {
    super(model, options, "AutoNormal");
    const { initScale = 0.1 } = options;
    checkPositive(initScale, "initScale", "AutoNormal");
    this.initScale = initScale;
  }

  protected accepts(_site: Message): boolean {
    return true;
  }

  /** loc = T⁻¹(init) on ℝ, scale = initScale (positive), of the unconstrained shape. */
  protected paramsOf(name: string, support: Constraint, init: number | Float64Array): ParamSpec[] {
    const u0 = support.inverse(init as number) as number | Float64Array;
    return [
      { name: `AutoNormal.locs.${name}`, init: u0, options: { constraint: real } },
      { name: `AutoNormal.scales.${name}`, init: typeof u0 === "number" ? this.initScale : u0.map(() => this.initScale), options: { constraint: positive } },
    ];
  }

  /** Normal(loc, scale) on ℝ, else TransformedNormal: T_S of it. */
  protected build(site: LatentSite, [loc, scale]: Value[]): Distribution {
    return site.support.spec.type === "real" ? new Normal(loc!, scale!) : new TransformedNormal(loc!, scale!, site.support);
  }

  protected siteQuantiles(site: LatentSite, qs: readonly number[], params: ParamStore): (number | Float64Array)[] {
    const [loc, scale] = site.params.map((p) => params.get<number | Float64Array>(p.name));
    return qs.map((q) => {
      const z = normalQuantile(q);
      const u = typeof loc === "number" ? loc + (scale as number) * z : loc!.map((l, i) => l + (scale as Float64Array)[i]! * z);
      return valueOf(site.support.transform(u)) as number | Float64Array;
    });
  }
}
