// The Categorical distribution over 0..K-1, from K nonnegative weights (normalised by their sum, as PyTorch does)
// or K logits (normalised by logsumexp). logProb looks each observation up in a table of the K log-probabilities,
// made once per call with no cancellation, and joins the tape as one node with a hand-written backward step.
// Called by infer/ through the Distribution interface. Read random/categorical.ts for the sampler.
import {
  Vec, div, dot, exp, square, sub, sum, valueOf, vecNode, type Scalar, type Tape, type Value, type Vector,
} from "../autodiff/index.ts";
import { categorical as drawCategorical, type Rng } from "../random/index.ts";
import { checkType, check } from "../check.ts";
import { integerInterval, type Constraint } from "./constraints.ts";
import { Base, checkParam, isRecord, type Distribution } from "./distribution.ts";

/**
 * log p_j for every category j: from weights w, log(w_j / S) with S = Σ w; from logits θ, θ_j - logsumexp(θ).
 *
 * Method: a category holding more than half the mass (weights: w_j > S/2; logits: the largest θ_j) gets
 * log1p(-r) with r = Σ_{i≠j} w_i / S, resp. -log1p(Σ_{i≠j} e^(θ_i - θ_j)), summed over the others: no
 * cancellation, so log p_j ≈ -1e-10 keeps all its digits. The others are log of a ratio (weights; log w_j - log S
 * where the ratio is subnormal), or
 * θ_j - max θ - log1p(Σ_{i≠max} e^(θ_i - max θ)) (logits), whose terms share a sign. Writes the normalised
 * probabilities (p_j = w_j / S, or softmax) to `p`, for the gradient.
 */
function logProbsTable(x: Float64Array, logits: boolean, lp: Float64Array, p: Float64Array): void {
  const K = x.length;
  let top = 0;
  for (let j = 1; j < K; j++) if (x[j]! > x[top]!) top = j;
  if (!logits) {
    let s = 0;
    for (let j = 0; j < K; j++) s += x[j]!;
    for (let j = 0; j < K; j++) {
      p[j] = x[j]! / s;
      // Below the normal range the ratio has lost digits (or is 0): then the difference of logs, both large.
      lp[j] = p[j]! >= 2 ** -1022 || x[j] === 0 ? Math.log(p[j]!) : Math.log(x[j]!) - Math.log(s);
    }
    if (x[top]! > s / 2) {
      let rest = 0;
      for (let j = 0; j < K; j++) if (j !== top) rest += x[j]!;
      lp[top] = Math.log1p(-rest / s);
    }
    return;
  }
  const m = x[top]!;
  let rest = 0;
  for (let j = 0; j < K; j++) if (j !== top) rest += Math.exp(x[j]! - m);
  const lse = Math.log1p(rest); // logsumexp(θ) - max θ
  for (let j = 0; j < K; j++) {
    lp[j] = j === top ? -lse : x[j]! - m - lse;
    p[j] = Math.exp(lp[j]!);
  }
}

/**
 * The one node of log P(k_i) for observations k (one number, or a Float64Array of m indices) and the parameter
 * vector x: a scalar node for one k, else a vector node. Its backward step, with G = Σ_i ȳ_i:
 * weights: ∂/∂w_j = Σ_{i: k_i = j} ȳ_i / w_j - G / S;  logits: ∂/∂θ_j = Σ_{i: k_i = j} ȳ_i - G p_j.
 * `counts` instead of k sums over the observations first (logProbSum): the value is Σ_j c_j log p_j, and the
 * same backward step reads c_j ȳ for Σ_{i: k_i = j} ȳ_i.
 */
function categoricalNode(k: number | Float64Array, x: Vector, logits: boolean, counts: boolean): Scalar | Vector {
  const xv = valueOf(x), K = xv.length, t: Tape | undefined = x instanceof Vec ? x.tape : undefined;
  if (t) t.check(x as Vec);
  const lp = new Float64Array(K), p = new Float64Array(K);
  logProbsTable(xv, logits, lp, p);
  let value: number | Float64Array;
  if (counts) {
    let s = 0;
    for (let j = 0; j < K; j++) if ((k as Float64Array)[j]! > 0) s += (k as Float64Array)[j]! * lp[j]!;
    value = s;
  } else if (typeof k === "number") value = lp[k]!;
  else {
    value = t ? t.take(k.length) : new Float64Array(k.length);
    for (let i = 0; i < k.length; i++) value[i] = lp[k[i]!]!;
  }
  if (!t) return value;
  const scalar = typeof value === "number";
  const out = typeof value === "number" ? t.push(0, 0, 0, 0, value) : vecNode(t, value);
  t.pushBackward(out.index, () => {
    const g = scalar ? t.adjoints[out.index]! : (out as Vec).adjoint;
    if (g === undefined) return;
    const a = (x as Vec).adjointOrZeros, hits = new Float64Array(K);
    let total = 0;
    if (typeof g === "number") {
      if (counts) for (let j = 0; j < K; j++) hits[j] = (k as Float64Array)[j]! * g;
      else hits[k as number] = g;
      total = counts ? (k as Float64Array).reduce((s, c) => s + c, 0) * g : g;
    } else {
      for (let i = 0; i < g.length; i++) {
        hits[(k as Float64Array)[i]!]! += g[i]!;
        total += g[i]!;
      }
    }
    if (logits) for (let j = 0; j < K; j++) a[j]! += hits[j]! - total * p[j]!;
    else {
      const s = xv.reduce((u, w) => u + w, 0);
      for (let j = 0; j < K; j++) a[j]! += (hits[j] === 0 ? 0 : hits[j]! / xv[j]!) - total / s;
    }
  });
  return out;
}

const isWeight = (v: number): boolean => v >= 0 && v < Infinity;

/**
 * Categorical over {0, ..., K-1}: P(k) = w_k / Σ_j w_j from K nonnegative weights (`new Categorical(w)` or
 * `new Categorical({ probs: w })`, normalised by their sum as PyTorch's `probs`), or P(k) = e^(θ_k) / Σ_j e^(θ_j)
 * from K logits (`new Categorical({ logits })`). The parameter is one vector (a Float64Array or a vector node);
 * batchShape is [] and a draw is one index. Discrete: no rsample.
 *
 * @throws TypeError unless the parameter is a Float64Array or vector node; RangeError naming it (and the element)
 * unless it is non-empty with every weight finite and >= 0 and a finite positive sum (logits: finite or -∞, a
 * category of probability 0, not all -∞).
 */
export class Categorical extends Base<number> {
  readonly hasRsample = false;
  declare readonly support: Constraint;
  /** The weights as given (not normalised), or undefined when the distribution was built from logits. */
  declare readonly probs: Vector | undefined;
  declare readonly logits: Vector | undefined;

  constructor(params: Vector | { probs: Vector } | { logits: Vector }) {
    super();
    const rec = isRecord(params) ? (params as { probs?: Vector; logits?: Vector }) : { probs: params as Vector };
    const name = "logits" in rec ? "logits" : "probs", x = rec[name] as Vector;
    checkType(x instanceof Float64Array || x instanceof Vec, name, "a Float64Array or Vec (one vector of K)", x, "Categorical");
    const xv = valueOf(x);
    check(xv.length > 0, name, "non-empty", xv, "Categorical");
    if (name === "logits") {
      // -∞ is a category of probability 0 (a mask), as in PyTorch; at least one logit must be finite.
      this.logits = checkParam(x, "logits", "Categorical", (v) => v < Infinity, "finite or -Infinity");
      check(maxOf(xv) > -Infinity, "logits", "finite somewhere", xv, "Categorical");
    } else {
      this.probs = checkParam(x, "probs", "Categorical", isWeight, "finite and >= 0");
      const s = xv.reduce((a, b) => a + b, 0);
      check(s > 0 && s < Infinity, "the sum of probs", "finite and > 0", s, "Categorical");
    }
    this.support = integerInterval(0, xv.length - 1);
  }

  /** The normalised probabilities p_j as a vector (a node when the parameter is one): w / Σ w, or softmax(θ). */
  get normalized(): Vector {
    if (this.probs) return div(this.probs, sum(this.probs)) as Vector;
    const t = this.logits!, e = exp(sub(t, maxOf(valueOf(t)))) as Vector; // the shift cancels
    return div(e, sum(e)) as Vector;
  }

  /** E[k] = Σ_j j p_j. */
  get mean(): Scalar {
    const p = this.normalized;
    return dot(p, indices(valueOf(p).length));
  }

  /** Var[k] = Σ_j (j - E[k])² p_j. */
  get variance(): Scalar {
    const p = this.normalized;
    return dot(p, square(sub(indices(valueOf(p).length), dot(p, indices(valueOf(p).length)))) as Vector);
  }

  /** log P(k), elementwise over a Float64Array of indices (a node index counts by its value). */
  logProb(k: Value): Value {
    this.checkSupport(k);
    const kv = valueOf(k);
    return categoricalNode(kv, (this.logits ?? this.probs)!, this.logits !== undefined, false);
  }

  /** Σ_i log P(k_i), as one scalar node from the counts per category: one pass over the observations. */
  override logProbSum(k: Value): Scalar {
    this.checkSupport(k);
    const kv = valueOf(k), x = (this.logits ?? this.probs)!;
    if (typeof kv === "number") return categoricalNode(kv, x, this.logits !== undefined, false) as Scalar;
    const counts = new Float64Array(valueOf(x).length);
    for (let i = 0; i < kv.length; i++) counts[kv[i]!]!++;
    return categoricalNode(counts, x, this.logits !== undefined, true) as Scalar;
  }

  /** A draw: an index in 0..K-1, by inversion over the weights (random/categorical.ts says why not an alias table). */
  override sample(rng: Rng): number {
    if (this.probs) return drawCategorical(rng, valueOf(this.probs));
    const t = valueOf(this.logits!), m = maxOf(t);
    return drawCategorical(rng, t.map((v) => Math.exp(v - m)));
  }

  /** Categorical draws are discrete: there is no reparameterized sample (the ELBO uses the score function). */
  rsample(): never {
    throw new TypeError("Categorical is discrete: no rsample");
  }

  /** The same distribution with the parameter's value as a constant. */
  detach(): Categorical & Distribution<number> {
    return this.logits === undefined ? new Categorical(valueOf(this.probs!)) : new Categorical({ logits: valueOf(this.logits) });
  }
}

/** The largest element (a loop: spreading a long array into Math.max overflows the call stack). */
const maxOf = (x: Float64Array): number => x.reduce((a, b) => (b > a ? b : a), -Infinity);

/** [0, 1, ..., K-1]. */
const indices = (K: number): Float64Array => Float64Array.from({ length: K }, (_, j) => j);
