// The Gamma distribution, with exact implicit reparameterization gradients for its concentration.
// Called by infer/ through the Distribution interface. Uses random/gamma.ts and special/gamma-grad.ts.
import {
  Var, add, div, fromPartials, log, mul, sub, valueOf, xlogy, type Scalar, type Value,
} from "../autodiff/index.ts";
import { lgamma } from "../autodiff/special.ts";
import { standardGamma, type Rng } from "../random/index.ts";
import { standardGammaGrad } from "../special/index.ts";
import { nonnegative, type Constraint } from "./constraints.ts";
import { Base, check } from "./distribution.ts";

/**
 * Gamma(α, λ) on (0, ∞): p(x) = λ^α x^(α-1) e^(-λx) / Γ(α). α = concentration, λ = rate. Parameters are numbers
 * or scalar nodes.
 *
 * @throws RangeError naming the parameter unless it is positive and finite.
 */
export class Gamma extends Base {
  readonly hasRsample = true;
  readonly support: Constraint = nonnegative;
  declare readonly concentration: Scalar;
  declare readonly rate: Scalar;

  constructor(concentration: Scalar, rate: Scalar = 1) {
    super();
    this.concentration = check(concentration, "concentration");
    this.rate = check(rate, "rate");
  }

  /** E[x] = α / λ. */
  get mean(): Scalar {
    return div(this.concentration, this.rate);
  }

  /** Var[x] = α / λ² = E[x] / λ. */
  get variance(): Scalar {
    return div(this.mean, this.rate);
  }

  /** log p(x) = α log λ + (α - 1) log x - λx - log Γ(α). */
  logProb(x: Value): Value {
    this.checkSupport(x);
    const { concentration: a, rate } = this;
    return sub(sub(add(mul(a, log(rate)), xlogy(sub(a, 1), x)), mul(rate, x)), lgamma(a));
  }

  /**
   * A draw x = G / λ with G ~ Gamma(α, 1) by Marsaglia-Tsang, as a node: dx/dα = (dG/dα) / λ with dG/dα from
   * {@link standardGammaGrad} (exact implicit gradient), and dx/dλ = -G / λ² = -x / λ. For tiny α, G underflows
   * to 0 on many draws; like PyTorch, G is then the smallest positive double, so x stays inside (0, ∞).
   */
  rsample(rng: Rng): Scalar {
    const { concentration: a, rate } = this, av = valueOf(a), rv = valueOf(rate);
    const g = Math.max(standardGamma(rng, av), Number.MIN_VALUE);
    const x = g / rv;
    // With constant parameters there is nothing to differentiate: skip the gradient's series.
    if (!(a instanceof Var || rate instanceof Var)) return x;
    return fromPartials(x, a, standardGammaGrad(av, g) / rv, rate, -x / rv);
  }

  detach(): Gamma {
    return new Gamma(valueOf(this.concentration), valueOf(this.rate));
  }
}
