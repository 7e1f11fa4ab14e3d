// AutoMeanField: a mean-field guide whose factor for each latent is the family native to its support (Beta on
// [0, 1], Gamma on (0, ∞), Normal on ℝ, Dirichlet on the simplex), each drawn with its exact reparameterization
// gradients. Built on auto-guide.ts; the families are distributions/'s. Read docs/08-autoguides.md for why.
import type { Value, Vector } from "../autodiff/index.ts";
import { Beta } from "../distributions/beta.ts";
import { Dirichlet } from "../distributions/dirichlet.ts";
import { Gamma } from "../distributions/gamma.ts";
import { Normal } from "../distributions/normal.ts";
import { positive, real, type Constraint } from "../distributions/constraints.ts";
import type { Distribution } from "../distributions/distribution.ts";
import { checkPositive } from "../check.ts";
import { AutoGuide, type AutoGuideOptions, type LatentSite, type ParamSpec } from "./auto-guide.ts";
import { betaQuantile, gammaQuantile, normalQuantile } from "./auto-quantile.ts";
import type { ParamStore } from "./param-store.ts";
import type { Message } from "./runtime.ts";

/** Options of {@link AutoMeanField}. */
export interface AutoMeanFieldOptions extends AutoGuideOptions {
  /**
   * The initial spread, default 0.1: a Normal factor starts with scale initScale, the others with concentration
   * (Gamma) or total concentration (Beta, Dirichlet) 1/initScale², about initScale in log or logit space.
   */
  initScale?: number;
}

/**
 * One family per support: its parameters' names (PyTorch's), their initial values from the factor's initial mean
 * m and c = 1/initScale², and the distribution they build.
 */
interface Family {
  names: readonly string[];
  start(m: number | Float64Array, c: number, initScale: number): (number | Float64Array)[];
  build(params: Value[]): Distribution;
}

/** x·k elementwise (a number or a Float64Array). */
const times = (x: number | Float64Array, k: number): number | Float64Array => (typeof x === "number" ? x * k : x.map((v) => v * k));

const NORMAL: Family = {
  names: ["loc", "scale"],
  start: (m, _c, s) => [m, typeof m === "number" ? s : m.map(() => s)],
  build: ([loc, scale]) => new Normal(loc!, scale!),
};
const GAMMA: Family = {
  // Gamma(c, c/m): mean m, coefficient of variation 1/√c = initScale.
  names: ["concentration", "rate"],
  start: (m, c) => [typeof m === "number" ? c : m.map(() => c), typeof m === "number" ? c / m : m.map((v) => c / v)],
  build: ([a, rate]) => new Gamma(a!, rate!),
};
const BETA: Family = {
  // Beta(cm, c(1 - m)): mean m, total concentration c.
  names: ["concentration1", "concentration0"],
  start: (m, c) => [times(m, c), typeof m === "number" ? c * (1 - m) : m.map((v) => c * (1 - v))],
  build: ([a, b]) => new Beta(a!, b!),
};
const DIRICHLET: Family = {
  // Dirichlet(cm): mean m, total concentration c.
  names: ["concentration"],
  start: (m, c) => [times(m, c)],
  build: ([a]) => new Dirichlet(a as Vector),
};

/** The family native to a support, or undefined. */
function familyOf(support: Constraint): Family | undefined {
  const type = support.spec.type;
  return type === "real" ? NORMAL : type === "positive" || type === "nonnegative" ? GAMMA : type === "unitInterval" ? BETA : type === "simplex" ? DIRICHLET : undefined;
}

/**
 * AutoMeanField(model, { init, initScale }): q(z) = Π_sites q_site(z_site), each factor from the family native to
 * the site's support: Normal(loc, scale) on ℝ, Gamma(concentration, rate) on (0, ∞) and [0, ∞),
 * Beta(concentration1, concentration0) on [0, 1], Dirichlet(concentration) on the simplex. Parameters are
 * `AutoMeanField.<site>.<parameter>` (loc on ℝ, the others positive), started at a factor whose mean is the prior's
 * (or init's) value; a site in a subsampled plate has parameters of the plate's full size.
 *
 * On a conjugate model (Beta-Bernoulli, Gamma-Poisson, Gamma-Exponential, Normal-Normal with known scale,
 * Dirichlet-Categorical) the posterior of each latent is in its factor's family, so the guide can equal it, which
 * AutoNormal's LogNormal or logit-Normal cannot; and with TraceELBO({ stickTheLanding: true }) every draw's gradient
 * is 0 there, so SVI settles on it exactly. Each draw is reparameterized exactly (the Gamma, Beta and Dirichlet
 * draws' implicit gradients, docs/03), and TraceMeanFieldELBO finds a closed-form KL against a prior of the same
 * family.
 *
 * median(params) and quantiles(qs, params) are the factor's own: Normal's μ + σΦ⁻¹(q), Gamma's and Beta's by
 * inverting the regularized incomplete functions, and for a Dirichlet each coordinate's marginal
 * Beta(α_k, α₀ - α_k).
 *
 * @throws TypeError or RangeError naming the option unless initScale is a finite number > 0; (at the first call)
 * TypeError naming a site whose support has no native family here (discrete, or an interval other than [0, 1]:
 * use AutoNormal there).
 */
export class AutoMeanField<A extends unknown[] = unknown[]> extends AutoGuide<A> {
  declare readonly initScale: number;
  protected readonly rule = "one with a native family: real (Normal), positive or nonnegative (Gamma), unitInterval (Beta) or simplex (Dirichlet)";

  constructor(model: (...args: A) => unknown, options: AutoMeanFieldOptions = {}) {
    super(model, options, "AutoMeanField");
    const { initScale = 0.1 } = options;
    checkPositive(initScale, "initScale", "AutoMeanField");
    this.initScale = initScale;
  }

  protected accepts(site: Message): boolean {
    return familyOf(site.fn!.support) !== undefined;
  }

  /** The family's parameters, started at a factor of mean init and spread initScale (see the options). */
  protected paramsOf(name: string, support: Constraint, init: number | Float64Array): ParamSpec[] {
    const family = familyOf(support)!, s = this.initScale, start = family.start(init, 1 / (s * s), s);
    return family.names.map((p, k) => ({
      name: `AutoMeanField.${name}.${p}`, init: start[k]!, options: { constraint: family === NORMAL && k === 0 ? real : positive },
    }));
  }

  /** The family's distribution at the parameters' values. */
  protected build(site: LatentSite, values: Value[]): Distribution {
    return familyOf(site.support)!.build(values);
  }

  protected siteQuantiles(site: LatentSite, qs: readonly number[], store: ParamStore): (number | Float64Array)[] {
    const family = familyOf(site.support)!;
    const [p1, p2] = site.params.map((p) => store.get<number | Float64Array>(p.name));
    // Element i of a parameter (a number is shared by every element).
    const at = (v: number | Float64Array | undefined, i: number): number => (typeof v === "number" ? v : v![i]!);
    const total = family === DIRICHLET ? (p1 as Float64Array).reduce((s, a) => s + a, 0) : 0;
    const quantile = (q: number, i: number): number =>
      family === NORMAL ? at(p1, i) + at(p2, i) * normalQuantile(q)
        : family === GAMMA ? gammaQuantile(q, at(p1, i)) / at(p2, i)
          : family === BETA ? betaQuantile(q, at(p1, i), at(p2, i))
            : betaQuantile(q, at(p1, i), total - at(p1, i));
    return qs.map((q) => (typeof p1 === "number" ? quantile(q, 0) : p1!.map((_, i) => quantile(q, i))));
  }
}
