// The HalfNormal distribution: |z| for z ~ Normal(0, scale), a common prior on a scale parameter. Called by infer/
// through the Distribution interface. Shares normal.ts's log-density and noise.
import { add, mul, square, valueOf, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import type { Rng } from "../random/index.ts";
import { nonnegative, type Constraint } from "./constraints.ts";
import { Base, batchShapeOf, checkParam, type Distribution, type Draw, broadcastTo } from "./distribution.ts";
import { normalLogProb, standardNormals } from "./normal.ts";

/** √(2/π), the mean of |ε| for ε ~ N(0, 1). */
const SQRT_2_OVER_PI = 0.7978845608028654;

/**
 * HalfNormal(σ) on [0, ∞): p(x) = √(2/π)/σ · exp(-x²/(2σ²)). σ = scale (PyTorch's name): a number, a scalar node,
 * a Float64Array or a vector node (a batch).
 *
 * @throws TypeError naming scale when it is none of those types; RangeError unless it is finite and > 0.
 */
export class HalfNormal<S extends Value = Scalar> extends Base<Draw<S>> {
  readonly hasRsample = true;
  readonly support: Constraint = nonnegative;
  declare readonly scale: S;

  constructor(scale: S) {
    super();
    this.scale = checkParam(scale, "scale", "HalfNormal");
    this.batchShape = batchShapeOf("HalfNormal", { scale });
  }

  /** E[x] = σ√(2/π). */
  get mean(): Value {
    return mul(SQRT_2_OVER_PI, this.scale);
  }

  /** Var[x] = σ²(1 - 2/π). */
  get variance(): Value {
    return mul(1 - 2 / Math.PI, square(this.scale));
  }

  /** log p(x) = log N(x; 0, σ²) + log 2, elementwise on [0, ∞). */
  logProb(x: Value): Value {
    this.checkSupport(x);
    return add(normalLogProb(x, 0, this.scale), Math.LN2);
  }

  /** x = σ·|ε|, ε ~ N(0, 1): dx/dσ = |ε| = x/σ, from the ops. ε is never 0, so neither is x. A batch is one vector node. */
  rsample(rng: Rng): Draw<S> {
    const eps = standardNormals(rng, this.batchShape);
    return mul(this.scale, typeof eps === "number" ? Math.abs(eps) : eps.map(Math.abs)) as Draw<S>;
  }

  detach(): Distribution<Draw<S>> {
    return new HalfNormal(valueOf(this.scale)) as unknown as Distribution<Draw<S>>;
  }

  /** HalfNormal as a batch of n elements: each scalar parameter repeated n times ({@link broadcastTo}). */
  expand(n: number): Distribution<Vector> {
    const b = (x: Value, name: string): Vector => broadcastTo(x, n, name, "HalfNormal.expand");
    return new HalfNormal(b(this.scale, "scale"));
  }
}
