// The Poisson distribution of counts. Its logProb is one fused node over Loader's saddle-point kernel
// (random/poisson.ts), accurate at any rate, and its logProbSum one scalar node made in one pass. Called by infer/
// through the Distribution interface. Read binomial.ts next.
import { apply2, fromPartials, valueOf, type Partial2, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import { poisson as drawPoisson, poissonLogPmf, type Rng } from "../random/index.ts";
import { digamma } from "../special/index.ts";
import { nonnegativeInteger, type Constraint } from "./constraints.ts";
import { Base, batchShapeOf, checkParam, type DiscreteDraw, type Distribution, type PlainDraw, type PlainValue, broadcastTo } from "./distribution.ts";

/**
 * The distinct values of k with their multiplicities, in order of first appearance; `bad` runs (and is expected to
 * throw, naming the position) at the first element that fails `ok`. Used by the logProbSums of the counts.
 */
export function tally(k: Float64Array, ok: (v: number) => boolean, bad: () => void): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < k.length; i++) {
    const v = k[i]!;
    if (!ok(v)) bad();
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/** Rates: finite and >= 0 (rate 0 is the point mass at 0). */
const isRate = (v: number): boolean => v >= 0 && v < Infinity;

/** ∂/∂k log P(k; λ) = log λ - ψ(k + 1) (the continuous extension in k; read only when k is a node). */
const dCount: Partial2 = (k, rate) => Math.log(rate) - digamma(k + 1);
/** ∂/∂λ log P(k; λ) = k/λ - 1 (-1 at k = 0, rate 0 included). */
const dRate: Partial2 = (k, rate) => (k === 0 ? -1 : k / rate - 1);

/**
 * log P(k; λ) = k log λ - λ - log k! as one fused node per operand pair (Loader's form: accurate to a few ulps at
 * any rate, see {@link poissonLogPmf}).  d/dλ = k/λ - 1,  d/dk = log λ - ψ(k + 1).
 */
export const poissonLogProb = (k: Value, rate: Value): Value => apply2(k, rate, poissonLogPmf, dCount, dRate);

/**
 * Poisson(λ) on {0, 1, 2, ...}: P(k) = λ^k e^-λ / k!. λ = rate, a number, node, or vector (one rate per batch
 * element), as PyTorch's `Poisson(rate)`. Discrete: no rsample (the ELBO uses the score function).
 *
 * @throws TypeError naming rate unless it is a number, Var, Float64Array or Vec; RangeError naming it (and the
 * element) unless finite and >= 0.
 */
export class Poisson<P extends Value = Value> extends Base<DiscreteDraw<P>> {
  readonly hasRsample = false;
  readonly support: Constraint = nonnegativeInteger;
  declare readonly rate: P;

  constructor(rate: P) {
    super();
    this.rate = checkParam(rate, "rate", "Poisson", isRate, "finite and >= 0");
    this.batchShape = batchShapeOf("Poisson", { rate });
  }

  /** E[k] = λ. */
  get mean(): Value {
    return this.rate;
  }

  /** Var[k] = λ. */
  get variance(): Value {
    return this.rate;
  }

  /** log P(k), elementwise over a Float64Array of counts. */
  logProb(k: Value): Value {
    this.checkSupport(k);
    return poissonLogProb(k, this.rate);
  }

  /**
   * Σ_i log P(k_i). For one shared rate and a Float64Array of counts this is one scalar node made in one pass
   * that tallies the distinct counts: Σ_j c_j log P(k_j; λ) over distinct k_j with multiplicities c_j, so the
   * kernel runs once per distinct count (data sets repeat counts), with d/dλ = (Σ_i k_i)/λ - n; no vector node
   * and no backward loop over the counts.
   */
  override logProbSum(k: Value): Scalar {
    const rate = this.rate, lambda = valueOf(rate);
    if (!(k instanceof Float64Array && k.length > 0 && typeof lambda === "number")) return super.logProbSum(k);
    let s = 0, total = 0;
    for (const [v, c] of tally(k, nonnegativeInteger.check as (v: number) => boolean, () => this.checkSupport(k))) {
      s += c * poissonLogPmf(v, lambda);
      total += c * v;
    }
    const d = total === 0 ? -k.length : total / lambda - k.length;
    return fromPartials(s, rate as Scalar, d);
  }

  /** A draw: a count (a Float64Array of counts for a vector rate). */
  override sample(rng: Rng): PlainDraw<DiscreteDraw<P>> {
    const r = valueOf(this.rate);
    return (typeof r === "number" ? drawPoisson(rng, r) : r.map((x) => drawPoisson(rng, x))) as PlainDraw<DiscreteDraw<P>>;
  }

  /** Poisson draws are discrete: there is no reparameterized sample (the ELBO uses the score function). */
  rsample(): never {
    throw new TypeError("Poisson is discrete: no rsample");
  }

  /** The same distribution with the rate's value (a Poisson of a number or a Float64Array). */
  detach(): Poisson<PlainValue<P>> & Distribution<DiscreteDraw<P>> {
    // PlainValue<P> and P draw the same type (DiscreteDraw), which the compiler cannot see through the generics.
    return new Poisson(valueOf(this.rate) as PlainValue<P>) as Poisson<PlainValue<P>> & Distribution<DiscreteDraw<P>>;
  }

  /** Poisson as a batch of n elements: each scalar parameter repeated n times ({@link broadcastTo}). */
  expand(n: number): Distribution<Vector> {
    const b = (x: Value, name: string): Vector => broadcastTo(x, n, name, "Poisson.expand");
    return new Poisson(b(this.rate, "rate"));
  }
}
