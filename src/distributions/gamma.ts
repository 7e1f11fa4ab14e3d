// The Gamma distribution, with exact implicit reparameterization gradients for its concentration.
// Called by infer/ through the Distribution interface. Uses random/gamma.ts and special/gamma-grad.ts.
import {
  add, div, fromPartials, lgamma, log, mul, sub, valueOf, xlogy, type Scalar, type Value,
} from "../autodiff/index.ts";
import { standardGamma, type Rng } from "../random/index.ts";
import { standardGammaGrad } from "../special/index.ts";
import { nonnegative, type Constraint } from "./constraints.ts";
import { checkParam, checkValue, total, isPositive, type Distribution } from "./distribution.ts";

/**
 * Gamma(α, λ) on (0, ∞): p(x) = λ^α x^(α-1) e^(-λx) / Γ(α). α = concentration, λ = rate. Parameters are numbers
 * or scalar nodes.
 *
 * @throws RangeError naming the parameter unless it is positive and finite.
 */
export class Gamma implements Distribution {
  readonly hasRsample = true;
  readonly support: Constraint = nonnegative;
  readonly concentration: Scalar;
  readonly rate: Scalar;

  constructor(concentration: Scalar, rate: Scalar = 1) {
    checkParam("Gamma", "concentration", concentration, isPositive, "positive and finite");
    checkParam("Gamma", "rate", rate, isPositive, "positive and finite");
    this.concentration = concentration;
    this.rate = rate;
  }

  /** E[x] = α / λ. */
  get mean(): Scalar {
    return div(this.concentration, this.rate);
  }

  /** Var[x] = α / λ². */
  get variance(): Scalar {
    return div(this.concentration, mul(this.rate, this.rate));
  }

  /** log p(x) = α log λ + (α - 1) log x - λx - log Γ(α). */
  logProb(x: Value): Value {
    this.checkSupport(x);
    const a = this.concentration, rate = this.rate;
    return sub(sub(add(mul(a, log(rate)), xlogy(sub(a, 1), x)), mul(rate, x)), lgamma(a));
  }

  /**
   * A draw x = G / λ with G ~ Gamma(α, 1) by Marsaglia-Tsang. For tiny α, G underflows to 0 on many draws; like
   * PyTorch, the draw is then the smallest positive double, so it stays inside (0, ∞).
   */
  sample(rng: Rng): number {
    return Math.max(standardGamma(rng, valueOf(this.concentration)), Number.MIN_VALUE) / valueOf(this.rate);
  }

  /**
   * A draw x = G / λ as a node: dx/dα = (dG/dα) / λ with dG/dα from {@link standardGammaGrad} (exact implicit
   * gradient), and dx/dλ = -G / λ² = -x / λ.
   */
  rsample(rng: Rng): Scalar {
    const a = valueOf(this.concentration), rate = valueOf(this.rate);
    const g = Math.max(standardGamma(rng, a), Number.MIN_VALUE);
    const x = g / rate;
    return fromPartials(x, this.concentration, standardGammaGrad(a, g) / rate, this.rate, -x / rate);
  }

  /** Σ log p(x_i): the sum of {@link logProb} (a scalar x is its own sum). */
  logProbSum(x: Value): Scalar {
    return total(this.logProb(x));
  }

  detach(): Gamma {
    return new Gamma(valueOf(this.concentration), valueOf(this.rate));
  }

  checkSupport(x: Value): void {
    checkValue("Gamma", x, nonnegative.check, "[0, ∞)");
  }
}
