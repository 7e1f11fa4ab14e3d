// The Bernoulli distribution: the coin flip's likelihood. Its logProb over a Float64Array of observations is one
// vector node computed in one pass (a fused kernel, tested against the composed formula), stable for p near 0
// and 1, with a logits form for p = σ(θ). Called by infer/ through the Distribution interface.
import { Var, apply2, fromPartials, mul, sigmoid, sub, valueOf, type Scalar, type Value } from "../autodiff/index.ts";
import { bernoulli as drawBernoulli, type Rng } from "../random/index.ts";
import { sigmoid as sfSigmoid, softplus as sfSoftplus } from "../special/logistic.ts";
import { boolean, type Constraint } from "./constraints.ts";
import { checkParam, checkValue, total, type Distribution } from "./distribution.ts";

// Each branch on y keeps the term exact: for y = 1 the log-likelihood of logits θ is -softplus(-θ), which does
// not cancel the way θ - softplus(θ) does for large θ, and d/dp at p = 0 (y = 0) is -1, not 0·∞.
const probsTerm = (y: number, p: number): number =>
  y === 1 ? Math.log(p) : y === 0 ? Math.log1p(-p) : y * Math.log(p) + (1 - y) * Math.log1p(-p);
const probsTermDy = (_y: number, p: number): number => Math.log(p) - Math.log1p(-p);
const probsTermDp = (y: number, p: number): number =>
  y === 1 ? 1 / p : y === 0 ? -1 / (1 - p) : y / p - (1 - y) / (1 - p);
const logitsTerm = (y: number, t: number): number =>
  y === 1 ? -sfSoftplus(-t) : y === 0 ? -sfSoftplus(t) : y * t - sfSoftplus(t);
const logitsTermDy = (_y: number, t: number): number => t;
const logitsTermDt = (y: number, t: number): number =>
  y === 1 ? sfSigmoid(-t) : y === 0 ? -sfSigmoid(t) : y - sfSigmoid(t);

/**
 * log p(y; p) = y log p + (1 - y) log(1 - p) for y ∈ {0, 1}, as one fused node: each term is log p or
 * log1p(-p), so p near 0 or 1 costs no precision.  d/dp = y/p - (1 - y)/(1 - p).
 */
export const bernoulliLogProb = (y: Value, p: Value): Value => apply2(y, p, probsTerm, probsTermDy, probsTermDp);

/**
 * log p(y; σ(θ)) = yθ - softplus(θ) (as -softplus(-θ) for y = 1 and -softplus(θ) for y = 0), as one fused node,
 * exact for any finite θ.  d/dθ = y - σ(θ).
 */
export const bernoulliLogitsLogProb = (y: Value, logits: Value): Value =>
  apply2(y, logits, logitsTerm, logitsTermDy, logitsTermDt);

/**
 * Bernoulli(p): P(y = 1) = p, P(y = 0) = 1 - p. Construct from probabilities, `new Bernoulli(p)` or
 * `new Bernoulli({ probs })`, or from logits θ = log(p / (1 - p)), `new Bernoulli({ logits })`. Parameters are
 * numbers, nodes, or vectors (one probability per observation).
 *
 * @throws RangeError naming the parameter unless probs ∈ [0, 1] (logits: not NaN).
 */
export class Bernoulli implements Distribution {
  readonly hasRsample = false;
  readonly support: Constraint = boolean;
  /** The probabilities, or undefined when the distribution was built from logits. */
  readonly probs: Value | undefined;
  readonly logits: Value | undefined;

  constructor(params: Value | { probs: Value } | { logits: Value }) {
    if (typeof params === "object" && "logits" in params) {
      checkParam("Bernoulli", "logits", params.logits, Number.isFinite, "finite");
      this.logits = params.logits;
    } else {
      const probs = typeof params === "object" && "probs" in params ? params.probs : (params as Value);
      checkParam("Bernoulli", "probs", probs, (v) => v >= 0 && v <= 1, "in [0, 1]");
      this.probs = probs;
    }
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
    return this.logits !== undefined ? bernoulliLogitsLogProb(y, this.logits) : bernoulliLogProb(y, this.probs!);
  }

  /**
   * Σ_i log P(y_i). For one shared parameter and a Float64Array of observations this is one scalar node made in
   * one pass: with h ones among n, h·ℓ(1) + (n - h)·ℓ(0), and likewise its derivative.
   */
  logProbSum(y: Value): Scalar {
    const param = this.logits ?? this.probs!;
    if (!(y instanceof Float64Array) || !(typeof param === "number" || param instanceof Var)) return total(this.logProb(y));
    let h = 0;
    for (let i = 0; i < y.length; i++) {
      const v = y[i]!;
      if (v === 1) h++;
      else if (v !== 0) this.checkSupport(y); // throws, naming the position
    }
    const n = y.length, x = valueOf(param), logits = this.logits !== undefined;
    // h·ℓ(1, x) + (n - h)·ℓ(0, x); a count of zero contributes nothing (not 0·log 0 = NaN at p = 0 or 1).
    let value = 0, d = 0;
    if (h > 0) {
      value += h * (logits ? logitsTerm(1, x) : probsTerm(1, x));
      d += h * (logits ? logitsTermDt(1, x) : probsTermDp(1, x));
    }
    if (n > h) {
      value += (n - h) * (logits ? logitsTerm(0, x) : probsTerm(0, x));
      d += (n - h) * (logits ? logitsTermDt(0, x) : probsTermDp(0, x));
    }
    return fromPartials(value, param, d);
  }

  /** A draw: 0 or 1 (a Float64Array of draws for vector parameters). */
  sample(rng: Rng): number | Float64Array {
    const p = valueOf(this.probs ?? sigmoid(valueOf(this.logits!)));
    if (typeof p === "number") return drawBernoulli(rng, p);
    const out = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) out[i] = drawBernoulli(rng, p[i]!);
    return out;
  }

  /** Bernoulli draws are discrete: there is no reparameterized sample. */
  rsample(): never {
    throw new TypeError("Bernoulli has no reparameterized sample; use sample (the ELBO uses the score function)");
  }

  detach(): Bernoulli {
    return this.logits !== undefined ? new Bernoulli({ logits: valueOf(this.logits) }) : new Bernoulli(valueOf(this.probs!));
  }

  checkSupport(y: Value): void {
    checkValue("Bernoulli", y, boolean.check, "{0, 1}");
  }
}
