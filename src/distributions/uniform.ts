// The Uniform distribution on [low, high): a flat prior, reparameterized as x = low + (high - low)·U. Called by
// infer/ through the Distribution interface.
import { Var, Vec, add, fromPartials, log, mul, square, sub, valueOf, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import { Rng } from "../random/index.ts";
import { interval, type Constraint } from "./constraints.ts";
import { checkType, message } from "../check.ts";
import {
  Base, PARAMETER_TYPES, batchShapeOf, fromElementPartials, checkParam, tapeOfParams, type Distribution, type Draw, broadcastTo,
} from "./distribution.ts";
import { at } from "./normal.ts";

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
    this.low = checkParam(low, "low", "Uniform", Number.isFinite, "finite");
    this.high = checkParam(high, "high", "Uniform", Number.isFinite, "finite");
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
    checkType(typeof x === "number" || x instanceof Var || x instanceof Float64Array || x instanceof Vec, "value", PARAMETER_TYPES, x, "Uniform");
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
   * x = a + (b - a)·U with U ∈ (0, 1) from rng.uniformOpen(), as one node with dx/da = 1 - U, dx/db = U: a batch
   * draws its n values into one vector node (plain values when neither bound is a node).
   */
  rsample(rng: Rng): Draw<A | B> {
    // (its draws read rng.uniformOpen directly, where the samplers of random/ would check the generator)
    checkType(rng instanceof Rng, "rng", "an Rng (from createRng or restoreRng)", rng, "Uniform");
    const low = this.low as Value, high = this.high as Value, lv = valueOf(low), hv = valueOf(high), n = this.batchShape[0];
    if (n === undefined) {
      const a = lv as number, u = rng.uniformOpen();
      return fromPartials(a + ((hv as number) - a) * u, low as Scalar, 1 - u, high as Scalar, u) as Draw<A | B>;
    }
    const t = tapeOfParams(low, high), y = t ? t.take(n) : new Float64Array(n);
    const da = t ? t.take(n) : undefined, db = t ? t.take(n) : undefined;
    for (let i = 0; i < n; i++) {
      const a = at(lv, i), u = rng.uniformOpen();
      y[i] = a + (at(hv, i) - a) * u;
      if (da) [da[i], db![i]] = [1 - u, u];
    }
    return (t ? fromElementPartials(t, y, low, da!, high, db!) : y) as Draw<A | B>;
  }

  detach(): Distribution<Draw<A | B>> {
    return new Uniform(valueOf(this.low), valueOf(this.high)) as unknown as Distribution<Draw<A | B>>;
  }

  /** Uniform as a batch of n elements: each scalar parameter repeated n times ({@link broadcastTo}). */
  expand(n: number): Distribution<Vector> {
    const b = (x: Value, name: string): Vector => broadcastTo(x, n, name, "Uniform.expand");
    return new Uniform(b(this.low, "low"), b(this.high, "high"));
  }
}
