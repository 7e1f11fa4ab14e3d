// The Normal distribution N(loc, scale²): the usual guide for a real latent, reparameterized as z = loc + scale·ε.
// Called by infer/ through the Distribution interface, and by log-normal.ts. Uses random/normal.ts. Read
// log-normal.ts next.
import { LOG_SQRT_2PI } from "../special/index.ts";
import { add, div, fromPartials, log, mul, square, sub, valueOf, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import { standardNormal, type Rng } from "../random/index.ts";
import { real, type Constraint } from "./constraints.ts";
import { Base, batchShapeOf, fromElementPartials, checkParam, tapeOfParams, type Distribution, type Draw, broadcastTo } from "./distribution.ts";

/** ε ~ N(0, 1): a number for a scalar batch, a Float64Array of n for a batch of n. */
export function standardNormals(rng: Rng, batchShape: readonly number[]): number | Float64Array {
  if (batchShape.length === 0) return standardNormal(rng);
  const eps = new Float64Array(batchShape[0]!);
  for (let i = 0; i < eps.length; i++) eps[i] = standardNormal(rng);
  return eps;
}

/** Element i of a parameter: the number itself (a broadcast scalar), or its i-th element. */
export const at = (v: number | Float64Array, i: number): number => (typeof v === "number" ? v : v[i]!);

/**
 * A location-scale draw as one node: z = μ + σ·ε with dz/dμ = 1, dz/dσ = ε; or, with `exponentiate`,
 * x = exp(μ + σ·ε) with dx/dμ = x, dx/dσ = xε (LogNormal). For a Float64Array ε, one vector node whose element i
 * uses (μ_i, σ_i, ε_i), scalars broadcast (fromElementPartials). A number or Float64Array when neither parameter is
 * a node.
 */
export function locationScale(loc: Value, scale: Value, eps: number | Float64Array, exponentiate: boolean): Value {
  const lv = valueOf(loc), sv = valueOf(scale);
  if (typeof eps === "number") {
    const x = exponentiate ? Math.exp((lv as number) + (sv as number) * eps) : (lv as number) + (sv as number) * eps;
    const d = exponentiate ? x : 1;
    return fromPartials(x, loc as Scalar, d, scale as Scalar, d * eps);
  }
  const n = eps.length, t = tapeOfParams(loc, scale), y = t ? t.take(n) : new Float64Array(n);
  const dl = t ? t.take(n) : undefined, ds = t ? t.take(n) : undefined;
  for (let i = 0; i < n; i++) {
    const x = (y[i] = exponentiate ? Math.exp(at(lv, i) + at(sv, i) * eps[i]!) : at(lv, i) + at(sv, i) * eps[i]!);
    if (dl) {
      const d = exponentiate ? x : 1;
      dl[i] = d;
      ds![i] = d * eps[i]!;
    }
  }
  return t ? fromElementPartials(t, y, loc, dl!, scale, ds!) : y;
}

/**
 * log N(x; μ, σ²) = -½((x - μ)/σ)² - log σ - log √(2π), composed from ops (its derivatives are theirs).
 * Shared with LogNormal, which evaluates it at log x.
 */
export function normalLogProb(x: Value, loc: Value, scale: Value): Value {
  const z = div(sub(x, loc), scale);
  return sub(mul(-0.5, square(z)), add(log(scale), LOG_SQRT_2PI));
}

/**
 * Normal(μ, σ) on ℝ: p(x) = exp(-(x - μ)²/(2σ²)) / (σ√(2π)). μ = loc, σ = scale (PyTorch's names). Each
 * parameter is a number, a scalar node, a Float64Array or a vector node; vectors make a batch of independent
 * Normals and scalars broadcast against them.
 *
 * @throws TypeError naming the parameter when it is none of those types; RangeError naming it (or its element)
 * unless loc is finite and scale is finite and > 0, or when two vector parameters differ in length.
 */
export class Normal<L extends Value = Scalar, S extends Value = Scalar> extends Base<Draw<L | S>> {
  readonly hasRsample = true;
  readonly support: Constraint = real;
  declare readonly loc: L;
  declare readonly scale: S;

  constructor(loc: L, scale: S) {
    super();
    this.loc = checkParam(loc, "loc", "Normal", Number.isFinite, "finite");
    this.scale = checkParam(scale, "scale", "Normal");
    this.batchShape = batchShapeOf("Normal", { loc, scale });
  }

  /** E[x] = μ (one per batch element: a scalar μ is repeated when σ is a vector). */
  get mean(): Value {
    return this.batchShape.length && typeof valueOf(this.loc) === "number" ? add(this.loc, new Float64Array(this.batchShape[0]!)) : this.loc;
  }

  /** Var[x] = σ² (one per batch element, as {@link Normal.mean}). */
  get variance(): Value {
    const v = square(this.scale);
    return this.batchShape.length && typeof valueOf(v) === "number" ? add(v, new Float64Array(this.batchShape[0]!)) : v;
  }

  /** log p(x) = -½((x - μ)/σ)² - log σ - log √(2π), elementwise. */
  logProb(x: Value): Value {
    this.checkSupport(x);
    return normalLogProb(x, this.loc, this.scale);
  }

  /**
   * z = μ + σ·ε with ε ~ N(0, 1) (random/normal.ts), as one node with dz/dμ = 1, dz/dσ = ε ({@link locationScale}):
   * a batch draws its n values into one vector node (a plain number or Float64Array when no parameter is a node).
   */
  rsample(rng: Rng): Draw<L | S> {
    return locationScale(this.loc, this.scale, standardNormals(rng, this.batchShape), false) as Draw<L | S>;
  }

  detach(): Distribution<Draw<L | S>> {
    // The same draw type with plain parameters: TypeScript cannot see that Draw<number> = Draw<Var>.
    return new Normal(valueOf(this.loc), valueOf(this.scale)) as unknown as Distribution<Draw<L | S>>;
  }

  /** Normal as a batch of n elements: each scalar parameter repeated n times ({@link broadcastTo}). */
  expand(n: number): Distribution<Vector> {
    const b = (x: Value, name: string): Vector => broadcastTo(x, n, name, "Normal.expand");
    return new Normal(b(this.loc, "loc"), b(this.scale, "scale"));
  }
}
