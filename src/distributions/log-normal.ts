// The LogNormal distribution: x = exp(z) for z ~ Normal(loc, scale), a guide for positive latents with heavier
// tails than a Gamma's. Called by infer/ through the Distribution interface. Builds on normal.ts.
import { add, exp, expm1, log, mul, square, sub, valueOf, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import type { Rng } from "../random/index.ts";
import { positive, type Constraint } from "./constraints.ts";
import { Base, batchShapeOf, checkParam, type Distribution, type Draw, broadcastTo } from "./distribution.ts";
import { locationScale, normalLogProb, standardNormals } from "./normal.ts";

/**
 * LogNormal(μ, σ) on (0, ∞): log x ~ N(μ, σ²), p(x) = exp(-(log x - μ)²/(2σ²)) / (xσ√(2π)). μ = loc, σ = scale,
 * the parameters of log x (PyTorch's names). Parameters are numbers, scalar nodes, Float64Arrays or vector nodes
 * (vectors make a batch; scalars broadcast).
 *
 * @throws TypeError naming the parameter when it is none of those types; RangeError naming it (or its element)
 * unless loc is finite and scale is finite and > 0, or when two vector parameters differ in length.
 */
export class LogNormal<L extends Value = Scalar, S extends Value = Scalar> extends Base<Draw<L | S>> {
  readonly hasRsample = true;
  readonly support: Constraint = positive;
  declare readonly loc: L;
  declare readonly scale: S;

  constructor(loc: L, scale: S) {
    super();
    this.loc = checkParam(loc, "loc", "LogNormal", Number.isFinite, "finite");
    this.scale = checkParam(scale, "scale", "LogNormal");
    this.batchShape = batchShapeOf("LogNormal", { loc, scale });
  }

  /** E[x] = exp(μ + σ²/2). */
  get mean(): Value {
    return exp(add(this.loc, mul(0.5, square(this.scale))));
  }

  /** Var[x] = (exp(σ²) - 1)·exp(2μ + σ²), with expm1 so that a small σ keeps its digits. */
  get variance(): Value {
    const s2 = square(this.scale);
    return mul(expm1(s2), exp(add(mul(2, this.loc), s2)));
  }

  /** log p(x) = log N(log x; μ, σ²) - log x, elementwise. */
  logProb(x: Value): Value {
    this.checkSupport(x);
    const logX = log(x);
    return sub(normalLogProb(logX, this.loc, this.scale), logX);
  }

  /**
   * x = exp(μ + σ·ε), ε ~ N(0, 1), as one node with dx/dμ = x, dx/dσ = xε (normal.ts's locationScale): a batch is
   * one vector node. For μ + σε
   * beyond ±709 the draw overflows to ∞ or underflows to 0, outside the support: such parameters describe numbers
   * a double cannot hold.
   */
  rsample(rng: Rng): Draw<L | S> {
    return locationScale(this.loc, this.scale, standardNormals(rng, this.batchShape), true) as Draw<L | S>;
  }

  detach(): Distribution<Draw<L | S>> {
    return new LogNormal(valueOf(this.loc), valueOf(this.scale)) as unknown as Distribution<Draw<L | S>>;
  }

  /** LogNormal as a batch of n elements: each scalar parameter repeated n times ({@link broadcastTo}). */
  expand(n: number): Distribution<Vector> {
    const b = (x: Value, name: string): Vector => broadcastTo(x, n, name, "LogNormal.expand");
    return new LogNormal(b(this.loc, "loc"), b(this.scale, "scale"));
  }
}
