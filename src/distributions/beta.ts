// The Beta distribution: the coin-flip prior and guide. Its rsample is the reason vitape exists: a draw z whose
// derivatives dz/da, dz/db are exact, by the implicit route dz/da = -(∂I_z(a,b)/∂a) / p(z; a, b).
// Called by infer/ through the Distribution interface. Uses random/beta.ts and special/beta-grad.ts.
import {
  Var, add, div, fromPartials, lbeta, mul, neg, square, sub, valueOf, xlog1py, xlogy,
  type Scalar, type Value,
} from "../autodiff/index.ts";
import { betaInto, type Rng } from "../random/index.ts";
import * as sf from "../special/index.ts";
import { unitInterval, type Constraint } from "./constraints.ts";
import { checkParam, checkValue, total, isPositive, type Distribution } from "./distribution.ts";

/**
 * Beta(α, β) on [0, 1]: p(z) = z^(α-1) (1-z)^(β-1) / B(α, β). α = concentration1, β = concentration0 (PyTorch's
 * names). Parameters are numbers or scalar nodes.
 *
 * @throws RangeError naming the parameter unless it is positive and finite.
 */
export class Beta implements Distribution {
  readonly hasRsample = true;
  readonly support: Constraint = unitInterval;
  readonly concentration1: Scalar;
  readonly concentration0: Scalar;

  constructor(concentration1: Scalar, concentration0: Scalar) {
    checkParam("Beta", "concentration1", concentration1, isPositive, "positive and finite");
    checkParam("Beta", "concentration0", concentration0, isPositive, "positive and finite");
    this.concentration1 = concentration1;
    this.concentration0 = concentration0;
  }

  /** E[z] = α / (α + β). */
  get mean(): Scalar {
    return div(this.concentration1, add(this.concentration1, this.concentration0));
  }

  /** Var[z] = αβ / ((α + β)² (α + β + 1)). */
  get variance(): Scalar {
    const a = this.concentration1, b = this.concentration0, s = add(a, b);
    return div(mul(a, b), mul(square(s), add(s, 1)));
  }

  /**
   * log p(z) = (α-1) log z + (β-1) log(1-z) - log B(α, β), with 0·log 0 = 0 at the edges.
   * For a scalar z this is one fused node (the hot path of every SVI step), with
   * ∂/∂α = log z - ψ(α) + ψ(α+β),  ∂/∂β = log(1-z) - ψ(β) + ψ(α+β),  ∂/∂z = (α-1)/z - (β-1)/(1-z);
   * test/distributions/beta-fused.test.ts holds it to the composed form below, which vectors use.
   */
  logProb(z: Value): Value {
    this.checkSupport(z);
    const a = this.concentration1, b = this.concentration0;
    if (typeof z === "number" || z instanceof Var) {
      const av = valueOf(a), bv = valueOf(b), zv = valueOf(z);
      const logZ = Math.log(zv), log1mZ = Math.log1p(-zv);
      const value = (av === 1 ? 0 : (av - 1) * logZ) + (bv === 1 ? 0 : (bv - 1) * log1mZ) - sf.lbeta(av, bv);
      if (!(a instanceof Var || b instanceof Var || z instanceof Var)) return value;
      const psiSum = sf.digamma(av + bv);
      return fromPartials(value,
        a, a instanceof Var ? logZ - sf.digamma(av) + psiSum : 0,
        b, b instanceof Var ? log1mZ - sf.digamma(bv) + psiSum : 0,
        z, (av === 1 ? 0 : (av - 1) / zv) - (bv === 1 ? 0 : (bv - 1) / (1 - zv)));
    }
    return sub(add(xlogy(sub(a, 1), z), xlog1py(sub(b, 1), neg(z))), lbeta(a, b));
  }

  /** A draw z ~ Beta(α, β), strictly inside (0, 1) (see random/beta.ts). */
  sample(rng: Rng): number {
    const draw = new Float64Array(3);
    betaInto(draw, rng, valueOf(this.concentration1), valueOf(this.concentration0));
    return draw[0]!;
  }

  /**
   * A draw z as a node with dz/dα and dz/dβ from `sf.betaSampleGradInto`: exact implicit gradients,
   * computed from the draw's stable log z and log(1 - z).
   */
  rsample(rng: Rng): Scalar {
    const a = valueOf(this.concentration1), b = valueOf(this.concentration0);
    // Float64Arrays, as every caller of these kernels passes: a second array type would make their inner loops
    // polymorphic and the whole step about 50% slower (measured with bench/svi.bench.ts).
    const draw = new Float64Array(3);
    betaInto(draw, rng, a, b);
    const z = draw[0]!;
    if (!(this.concentration1 instanceof Var || this.concentration0 instanceof Var)) return z;
    const dz = sf.betaSampleGradInto(new Float64Array(2), z, a, b, draw[1]!, draw[2]!);
    return fromPartials(z, this.concentration1, dz[0]!, this.concentration0, dz[1]!);
  }

  /** Σ log p(x_i): the sum of {@link logProb} (a scalar x is its own sum). */
  logProbSum(x: Value): Scalar {
    return total(this.logProb(x));
  }

  detach(): Beta {
    return new Beta(valueOf(this.concentration1), valueOf(this.concentration0));
  }

  checkSupport(z: Value): void {
    checkValue("Beta", z, unitInterval.check, "[0, 1]");
  }
}
