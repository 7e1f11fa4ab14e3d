// The Exponential distribution: waiting times, and a prior on rates and scales. Called by infer/ through the
// Distribution interface. Uses random/exponential.ts.
import { div, log, mul, square, sub, valueOf, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import { standardExponential, type Rng } from "../random/index.ts";
import { nonnegative, type Constraint } from "./constraints.ts";
import { Base, batchShapeOf, checkParam, type Distribution, type Draw, broadcastTo } from "./distribution.ts";

/**
 * Exponential(λ) on [0, ∞): p(x) = λe^(-λx). λ = rate (PyTorch's name): a number, a scalar node, a Float64Array
 * or a vector node (a batch).
 *
 * @throws TypeError naming rate when it is none of those types; RangeError unless it is finite and > 0.
 */
export class Exponential<R extends Value = Scalar> extends Base<Draw<R>> {
  readonly hasRsample = true;
  readonly support: Constraint = nonnegative;
  declare readonly rate: R;

  constructor(rate: R) {
    super();
    this.rate = checkParam(rate, "rate", "Exponential");
    this.batchShape = batchShapeOf("Exponential", { rate });
  }

  /** E[x] = 1/λ. */
  get mean(): Value {
    return div(1, this.rate);
  }

  /** Var[x] = 1/λ². */
  get variance(): Value {
    return div(1, square(this.rate));
  }

  /** log p(x) = log λ - λx, elementwise. */
  logProb(x: Value): Value {
    this.checkSupport(x);
    return sub(log(this.rate), mul(this.rate, x));
  }

  /**
   * x = E/λ with E = -log U ~ Exponential(1) (random/exponential.ts: U open, so E ∈ [1.1e-16, 36.7], never 0 or
   * ∞): dx/dλ = -x/λ, from the ops. For λ in [2e-307, 2e307] the draw is finite and positive. A batch is one
   * vector node.
   */
  rsample(rng: Rng): Draw<R> {
    const n = this.batchShape[0];
    if (n === undefined) return div(standardExponential(rng), this.rate) as Draw<R>;
    const e = new Float64Array(n);
    for (let i = 0; i < n; i++) e[i] = standardExponential(rng);
    return div(e, this.rate) as Draw<R>;
  }

  detach(): Distribution<Draw<R>> {
    return new Exponential(valueOf(this.rate)) as unknown as Distribution<Draw<R>>;
  }

  /** Exponential as a batch of n elements: each scalar parameter repeated n times ({@link broadcastTo}). */
  expand(n: number): Distribution<Vector> {
    const b = (x: Value, name: string): Vector => broadcastTo(x, n, name, "Exponential.expand");
    return new Exponential(b(this.rate, "rate"));
  }
}
