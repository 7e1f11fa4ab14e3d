// The Bernoulli distribution: the coin flip's likelihood. Its logProb over a Float64Array of observations is one
// vector node computed in one pass (a fused kernel, tested against the composed formula), stable for p near 0
// and 1, with a logits form for p = σ(θ). Called by infer/ through the Distribution interface.
import {
  Var, Vec, apply2, fromPartials, mul, sigmoid, sub, valueOf, type Partial2, type Scalar, type Value, type Vector,
} from "../autodiff/index.ts";
import { bernoulli as drawBernoulli, type Rng } from "../random/index.ts";
import { sigmoid as sfSigmoid, softplus as sfSoftplus } from "../special/index.ts";
import { boolean, unitInterval, type Constraint } from "./constraints.ts";
import { Base, checkParam, isRecord, type DiscreteDraw, type Distribution, type PlainDraw, type PlainValue, broadcastTo } from "./distribution.ts";

type Fn = (x: number) => number;

/**
 * The parameter of `new Bernoulli(params)`, checked, and whether it is logits: from a `{ probs }` or `{ logits }`
 * record, or the probabilities themselves (anything else: checkParam names the type).
 */
function checkedParam<P extends Value>(params: P | { probs: P } | { logits: P }): [logits: boolean, x: P] {
  const rec = isRecord(params) ? (params as { probs?: P; logits?: P }) : undefined;
  if (rec && "logits" in rec) return [true, checkParam(rec.logits!, "logits", "Bernoulli", Number.isFinite, "finite")];
  return [false, checkParam(rec ? rec.probs! : (params as P), "probs", "Bernoulli", unitInterval.check, "in [0, 1]")];
}

/** The number kernels of ℓ(y, x) = log P(y; x) for one parameterization x, in the order apply2 takes them. */
type Kernels = [value: (y: number, x: number) => number, dy: Partial2, dx: (y: number, x: number) => number];

/**
 * f(y, x) = y f₁(x) + (1 - y) f₀(x), evaluating only the term that y = 1 or y = 0 keeps: log P(0) at p = 0 is
 * log 1 = 0, not 0·log 0 = NaN, and its derivative is -1, not 0·∞.
 */
const mix = (f1: Fn, f0: Fn) => (y: number, x: number): number =>
  y === 1 ? f1(x) : y === 0 ? f0(x) : y * f1(x) + (1 - y) * f0(x);

/**
 * The kernels of ℓ(y, x) = y ℓ₁(x) + (1 - y) ℓ₀(x) from ℓ₁ = log P(1), ℓ₀ = log P(0) and their derivatives:
 * ∂ℓ/∂y = ℓ₁ - ℓ₀,  ∂ℓ/∂x = y ℓ₁' + (1 - y) ℓ₀'.
 */
const kernels = (l1: Fn, l0: Fn, d1: Fn, d0: Fn): Kernels => [mix(l1, l0), (_y, x) => l1(x) - l0(x), mix(d1, d0)];

/** x = p: ℓ₁ = log p and ℓ₀ = log1p(-p), so p near 0 or 1 costs no precision; ℓ₁' = 1/p, ℓ₀' = -1/(1 - p). */
const probs = kernels(Math.log, (p) => Math.log1p(-p), (p) => 1 / p, (p) => -1 / (1 - p));

/**
 * x = θ, p = σ(θ): ℓ₁ = log σ(θ) = -softplus(-θ) and ℓ₀ = -softplus(θ), exact for any finite θ (yθ - softplus(θ)
 * cancels to 0 for y = 1 and large θ); ℓ₁' = σ(-θ), ℓ₀' = -σ(θ).
 */
const logits = kernels((t) => -sfSoftplus(-t), (t) => -sfSoftplus(t), (t) => sfSigmoid(-t), (t) => -sfSigmoid(t));

/**
 * log p(y; p) = y log p + (1 - y) log(1 - p) for y ∈ {0, 1}, as one fused node: each term is log p or
 * log1p(-p), so p near 0 or 1 costs no precision.  d/dp = y/p - (1 - y)/(1 - p).
 */
export const bernoulliLogProb = (y: Value, p: Value): Value => apply2(y, p, ...probs);

/**
 * log p(y; σ(θ)) = yθ - softplus(θ) (as -softplus(-θ) for y = 1 and -softplus(θ) for y = 0), as one fused node,
 * exact for any finite θ.  d/dθ = y - σ(θ).
 */
export const bernoulliLogitsLogProb = (y: Value, logit: Value): Value => apply2(y, logit, ...logits);

/**
 * Bernoulli(p): P(y = 1) = p, P(y = 0) = 1 - p. Construct from probabilities, `new Bernoulli(p)` or
 * `new Bernoulli({ probs })`, or from logits θ = log(p / (1 - p)), `new Bernoulli({ logits })`. Parameters are
 * numbers, scalar nodes, Float64Arrays or vector nodes (one probability per observation: a batch, whose draws are a
 * Float64Array).
 *
 * @throws TypeError naming the parameter unless it is a number, Var, Float64Array or Vec.
 * @throws RangeError naming the parameter (and element) unless probs ∈ [0, 1] (logits: finite).
 */
export class Bernoulli<P extends Value = Value> extends Base<DiscreteDraw<P>> {
  readonly hasRsample = false;
  readonly support: Constraint = boolean;
  /** The probabilities, or undefined when the distribution was built from logits. */
  declare readonly probs: P | undefined;
  declare readonly logits: P | undefined;

  constructor(params: P | { probs: P } | { logits: P }) {
    super();
    // A probability given as a number or scalar node (a model's likelihood, every step) in two tests; the other
    // forms out of line.
    const p = typeof params === "number" ? params : params instanceof Var ? params.value : NaN;
    if (p >= 0 && p <= 1) {
      this.probs = params as P;
      return;
    }
    const [logits, x] = checkedParam(params);
    if (logits) this.logits = x;
    else this.probs = x;
    const v = valueOf(x as Value);
    if (typeof v !== "number") this.batchShape = [v.length];
  }

  /** E[y] = p. */
  get mean(): Value {
    return this.probs ?? sigmoid(this.logits!);
  }

  /** Var[y] = p(1 - p). */
  get variance(): Value {
    const p = this.mean;
    return mul(p, sub(1, p));
  }

  /** log P(y), elementwise over a Float64Array of observations. */
  logProb(y: Value): Value {
    this.checkSupport(y);
    return this.logits === undefined ? bernoulliLogProb(y, this.probs!) : bernoulliLogitsLogProb(y, this.logits);
  }

  /**
   * Σ_i log P(y_i). For one shared parameter and a Float64Array of n observations this is one scalar node made in
   * one pass: ℓ(y, x) is linear in y, so Σ_i ℓ(y_i, x) = n·ℓ(ȳ, x) with ȳ = h/n the fraction of ones, and likewise
   * its derivative (ȳ = 0 or 1 keeps a single term, as one observation would).
   */
  override logProbSum(y: Value): Scalar {
    const param = this.logits ?? this.probs!, x = valueOf(param);
    if (!(y instanceof Float64Array && y.length > 0 && typeof x === "number")) return super.logProbSum(y);
    let h = 0;
    for (let i = 0; i < y.length; i++) {
      const v = y[i]!;
      if (v === 1) h++;
      else if (v !== 0) this.checkSupport(y); // throws, naming the position
    }
    const [value, , dx] = this.logits === undefined ? probs : logits, n = y.length, mean = h / n;
    return fromPartials(n * value(mean, x), param as Scalar, n * dx(mean, x)); // a number x: param is a scalar
  }

  /** A draw: 0 or 1 (a Float64Array of draws for vector parameters). */
  override sample(rng: Rng): PlainDraw<DiscreteDraw<P>> {
    const p = valueOf((this.probs ?? sigmoid(valueOf(this.logits! as Value))) as Value);
    return (typeof p === "number" ? drawBernoulli(rng, p) : p.map((q) => drawBernoulli(rng, q))) as PlainDraw<DiscreteDraw<P>>;
  }

  /** Bernoulli draws are discrete: there is no reparameterized sample (the ELBO uses the score function). */
  rsample(): never {
    throw new TypeError("Bernoulli is discrete: no rsample");
  }

  /** Bernoulli with the parameter's plain value, in the same parameterization. */
  detach(): Distribution<DiscreteDraw<P>> {
    const plain = (x: P): PlainValue<P> => valueOf(x as Value) as PlainValue<P>;
    return new Bernoulli(this.logits === undefined ? plain(this.probs!) : { logits: plain(this.logits) }) as unknown as Distribution<DiscreteDraw<P>>;
  }

  /** Bernoulli as a batch of n elements: each scalar parameter repeated n times ({@link broadcastTo}). */
  expand(n: number): Distribution<Vector> {
    const b = (x: Value, name: string): Vector => broadcastTo(x, n, name, "Bernoulli.expand");
    return new Bernoulli(this.logits === undefined ? b(this.probs!, "probs") : { logits: b(this.logits, "logits") });
  }
}

// Performance notes. The constructor takes a number or scalar node in [0, 1] in two tests and leaves records,
// vectors and errors to checkedParam: with all of them inline it was too large for a model to inline alongside
// Beta's, and the coin-flip model then called both constructors (about 680 instructions per step, callgrind).
