// The Beta distribution: the coin-flip prior and guide. Its rsample is the reason vitape exists: a draw z whose
// derivatives dz/da, dz/db are exact, by the implicit route dz/da = -(∂I_z(a,b)/∂a) / p(z; a, b).
// Called by infer/ through the Distribution interface. Uses random/beta.ts and special/beta-grad.ts.
import {
  Var, add, div, fromPartials, mul, neg, square, sub, valueOf, xlog1py, xlogy, type Scalar, type Value,
} from "../autodiff/index.ts";
import { lbeta } from "../autodiff/special.ts";
import { betaInto, type Rng } from "../random/index.ts";
import * as sf from "../special/index.ts";
import { unitInterval, type Constraint } from "./constraints.ts";
import { Base, check } from "./distribution.ts";

/** x·y, but 0 when x = 0 whatever y is: the (α-1) log z term and its derivative vanish for α = 1, even at z = 0. */
const xy = (x: number, y: number): number => (x === 0 ? 0 : x * y);

/**
 * Beta(α, β) on [0, 1]: p(z) = z^(α-1) (1-z)^(β-1) / B(α, β). α = concentration1, β = concentration0 (PyTorch's
 * names). Parameters are numbers or scalar nodes.
 *
 * @throws RangeError naming the parameter unless it is positive and finite.
 */
export class Beta extends Base {
  readonly hasRsample = true;
  readonly support: Constraint = unitInterval;
  declare readonly concentration1: Scalar;
  declare readonly concentration0: Scalar;

  constructor(concentration1: Scalar, concentration0: Scalar) {
    super();
    this.concentration1 = check(concentration1, "concentration1");
    this.concentration0 = check(concentration0, "concentration0");
  }

  /** E[z] = α / (α + β). */
  get mean(): Scalar {
    const { concentration1: a, concentration0: b } = this;
    return div(a, add(a, b));
  }

  /** Var[z] = αβ / ((α + β)² (α + β + 1)). */
  get variance(): Scalar {
    const { concentration1: a, concentration0: b } = this, s = add(a, b);
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
    const { concentration1: a, concentration0: b } = this, zv = valueOf(z);
    if (typeof zv !== "number") return sub(add(xlogy(sub(a, 1), z), xlog1py(sub(b, 1), neg(z))), lbeta(a, b));
    // From here z is a number or a scalar node (its value is a number).
    const av = valueOf(a), bv = valueOf(b);
    const logZ = Math.log(zv), log1mZ = Math.log1p(-zv);
    const value = xy(av - 1, logZ) + xy(bv - 1, log1mZ) - sf.lbeta(av, bv);
    const dz = xy(av - 1, 1 / zv) - xy(bv - 1, 1 / (1 - zv));
    // With constant α and β (a prior) only z can be a node: skip the three digammas.
    if (!(a instanceof Var || b instanceof Var)) return fromPartials(value, z as Scalar, dz);
    const psiSum = sf.digamma(av + bv);
    return fromPartials(value, a, logZ - sf.digamma(av) + psiSum, b, log1mZ - sf.digamma(bv) + psiSum, z as Scalar, dz);
  }

  /**
   * A draw z, strictly inside (0, 1) (see random/beta.ts), as a node with dz/dα and dz/dβ from
   * `sf.betaSampleGradInto`: exact implicit gradients, computed from the draw's stable log z and log(1 - z).
   * A plain number when neither parameter is a node (so `sample`, which draws from `detach()`, does no gradient
   * work).
   */
  rsample(rng: Rng): Scalar {
    const { concentration1: a, concentration0: b } = this, av = valueOf(a), bv = valueOf(b);
    // The draw [z, log z, log(1 - z)], then, once those are read, [dz/dα, dz/dβ]: a Float64Array, as every caller
    // of these kernels passes (see Performance notes). With a node parameter it is borrowed from the tape's pool
    // until the next rewind; without one it is a new array (a plain draw keeps no tape).
    const t = a instanceof Var ? a.tape : b instanceof Var ? b.tape : undefined;
    const draw = t ? t.take(3) : new Float64Array(3);
    betaInto(draw, rng, av, bv);
    const z = draw[0]!;
    if (!t) return z;
    sf.betaSampleGradInto(draw, z, av, bv, draw[1]!, draw[2]!);
    return fromPartials(z, a, draw[0]!, b, draw[1]!);
  }

  detach(): Beta {
    return new Beta(valueOf(this.concentration1), valueOf(this.concentration0));
  }
}
