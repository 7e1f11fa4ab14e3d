// Terms of a model's log density that are not a distribution's (Pyro's `pyro.factor` and `ImproperUniform`):
// `factor(name, logFactor)` adds logFactor to log p, and `ImproperUniform(support)` is a latent with a flat,
// unnormalized density on its support, which only a guide can draw. Together they write a prior known only up to a
// constant: `const v = sample("v", new ImproperUniform(constraints.real)); factor("v_prior", mul(-0.5, v));` is
// p(v) ∝ e^(-v/2). Called by models; the ELBO scores a factor as an observed site (elbo.ts). Read mask.ts and
// scale.ts for the other ways to change a site's term.
import { Var, Vec, sum, valueOf, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import { Base, type Constraint, type Distribution } from "../distributions/index.ts";
import { real } from "../distributions/constraints.ts";
import { checkType } from "../check.ts";
import { isConstraint, sample } from "./runtime.ts";

/**
 * The "distribution" of a factor site: log p(x) = logFactor whatever x is (a number, a scalar node, or a vector of
 * terms, one per element of a batch), so that observing it adds logFactor to the model's log density. It never
 * draws. Made by {@link factor}.
 */
class Unit extends Base<Scalar> {
  readonly hasRsample = false;
  declare readonly support: Constraint;
  readonly mean: number = 0;
  readonly variance: number = 0;
  constructor(readonly logFactor: Value, support: Constraint) {
    super();
    this.support = support;
  }
  logProb(): Value {
    return this.logFactor;
  }
  override logProbSum(): Scalar {
    const f = this.logFactor;
    return typeof valueOf(f) === "number" ? (f as Scalar) : sum(f as Vector);
  }
  rsample(): never {
    throw new TypeError("factor: a factor site is observed, never drawn");
  }
  override sample(): never {
    throw new TypeError("factor: a factor site is observed, never drawn");
  }
  detach(): Distribution<Scalar> {
    return new Unit(valueOf(this.logFactor), this.support);
  }
}

/**
 * factor(name, logFactor) adds logFactor to the model's log density, as an observed site named `name` (Pyro's
 * `pyro.factor`): a number or scalar node adds itself, a vector (inside a plate, one term per element) its sum,
 * times the site's scale (plates, `scale`). The term's gradient flows to whatever logFactor was computed from. Use
 * it in a model: in a guide an observed site is a guide site the model lacks.
 *
 * Source: Pyro 1.8's pyro/primitives.py (`factor`, an observed site of a Unit distribution).
 * @throws TypeError naming the argument unless name is a string and logFactor a number, Float64Array or node.
 */
export function factor(name: string, logFactor: Value): void {
  checkType(typeof name === "string", "name", "a string", name, "factor");
  const ok = typeof logFactor === "number" || logFactor instanceof Float64Array || logFactor instanceof Var || logFactor instanceof Vec;
  checkType(ok, "logFactor", "a number, Float64Array, Var or Vec", logFactor, "factor");
  sample(name, new Unit(logFactor, real), { obs: 0 });
}

/**
 * A flat density on a support: log p(x) = 0 for every x in it (elementwise for a vector), improper where the
 * support is unbounded (Pyro's `ImproperUniform`). It scores the value a guide draws and checks that value is in the
 * support, but has no draws of its own: a latent with this prior must be drawn by the guide, and a prior known up to
 * a constant is this plus a {@link factor}.
 *
 * Source: Pyro 1.8's pyro/distributions/improper_uniform.py.
 * @throws TypeError unless support is a Constraint (from `constraints`); (sample, rsample) TypeError: no draws.
 */
export class ImproperUniform extends Base<Scalar> {
  readonly hasRsample = true;
  declare readonly support: Constraint;
  readonly mean: number = NaN;
  readonly variance: number = NaN;
  constructor(support: Constraint) {
    super();
    checkType(isConstraint(support), "support", "a Constraint (from constraints)", support, "ImproperUniform");
    this.support = support;
  }
  /** 0 at every point of the support, elementwise for a vector. @throws RangeError naming a value outside it. */
  logProb(x: Value): Value {
    this.checkSupport(x);
    const v = valueOf(x);
    return typeof v === "number" ? 0 : new Float64Array(v.length);
  }
  rsample(): never {
    throw new TypeError("ImproperUniform: an improper density has no draws; the guide must draw this site");
  }
  override sample(): never {
    throw new TypeError("ImproperUniform: an improper density has no draws; the guide must draw this site");
  }
  detach(): Distribution<Scalar> {
    return this;
  }
}
