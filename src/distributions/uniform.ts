// The Uniform distribution on [low, high): a flat prior, reparameterized as x = low + (high - low)·U. Called by
// infer/ through the Distribution interface.
import { add, log, mul, square, sub, valueOf, type Scalar, type Value } from "../autodiff/index.ts";
import type { Rng } from "../random/index.ts";
import { interval, type Constraint } from "./constraints.ts";
import { message } from "../check.ts";
import { Base, batchShapeOf, param, type Distribution, type Draw } from "./distribution.ts";

/**
 * Uniform(a, b): p(x) = 1/(b - a) on [a, b). a = low, b = high (PyTorch's names): numbers, scalar nodes,
 * Float64Arrays or vector nodes (vectors make a batch; scalars broadcast).
 *
 * @throws TypeError naming the parameter when it is none of those types; RangeError naming it (or its element)
 * unless both are finite, or naming both unless low < high elementwise (with high - low finite), or when two
 * vector parameters differ in length.
 */
export class Uniform<A extends Value = Scalar, B extends Value = Scalar> extends Base<Draw<A | B>> {
  readonly hasRsample = true;
  declare readonly low: A;
  declare readonly high: B;

  constructor(low: A, high: B) {
    super();
    this.low = param(low, "low", "Uniform", Number.isFinite, "finite");
    this.high = param(high, "high", "Uniform", Number.isFinite, "finite");
    this.batchShape = batchShapeOf("Uniform", { low, high });
    const lo = valueOf(low), hi = valueOf(high);
    for (let i = 0; i < (this.batchShape[0] ?? 1); i++) {
      const l = typeof lo === "number" ? lo : lo[i]!, h = typeof hi === "number" ? hi : hi[i]!;
      if (!(l < h && h - l < Infinity)) {
        const at = this.batchShape.length ? `[${i}]` : "";
        throw new RangeError(message(`high${at}`, `> low${at} = ${l}, with high - low finite`, h, "Uniform"));
      }
    }
  }

  /**
   * (low, high), elementwise for vector bounds: the transform's open interval (PyTorch's `interval(low, high)`).
   * Built when asked, since SVI makes a distribution per step and seldom reads its support.
   */
  get support(): Constraint {
    return interval(valueOf(this.low), valueOf(this.high));
  }

  /** E[x] = (a + b)/2. */
  get mean(): Value {
    return mul(0.5, add(this.low, this.high));
  }

  /** Var[x] = (b - a)²/12. */
  get variance(): Value {
    return mul(1 / 12, square(sub(this.high, this.low)));
  }

  /** Throw a RangeError naming the value (or its position) unless low <= x <= high elementwise. */
  override checkSupport(x: Value): void {
    const xv = valueOf(x), lo = valueOf(this.low), hi = valueOf(this.high);
    const n = typeof xv === "number" ? this.batchShape[0] ?? 1 : xv.length;
    if (this.batchShape.length && n !== this.batchShape[0]) throw new RangeError(message("value", `of length ${this.batchShape[0]} (the batch)`, x, "Uniform"));
    for (let i = 0; i < n; i++) {
      const v = typeof xv === "number" ? xv : xv[i]!;
      const l = typeof lo === "number" ? lo : lo[i]!, h = typeof hi === "number" ? hi : hi[i]!;
      if (!(v >= l && v <= h)) {
        throw new RangeError(message(typeof xv === "number" ? "value" : `value at position ${i}`, `in the support [${l}, ${h}]`, v, "Uniform"));
      }
    }
  }

  /**
   * log p(x) = -log(b - a) on [a, b], elementwise. The 0·x term gives the result x's shape (one value per
   * observation) and the derivative in x its value inside the support, 0.
   */
  logProb(x: Value): Value {
    this.checkSupport(x);
    return sub(mul(0, x), log(sub(this.high, this.low)));
  }

  /**
   * x = a + (b - a)·U with U ∈ (0, 1) from rng.uniformOpen(): dx/da = 1 - U, dx/db = U, from the ops. A batch is
   * one vector node.
   */
  rsample(rng: Rng): Draw<A | B> {
    const n = this.batchShape[0];
    let u: number | Float64Array;
    if (n === undefined) u = rng.uniformOpen();
    else {
      u = new Float64Array(n);
      for (let i = 0; i < n; i++) u[i] = rng.uniformOpen();
    }
    return add(this.low, mul(sub(this.high, this.low), u)) as Draw<A | B>;
  }

  detach(): Distribution<Draw<A | B>> {
    return new Uniform(valueOf(this.low), valueOf(this.high)) as unknown as Distribution<Draw<A | B>>;
  }
}
