// Closed-form KL divergences KL(p ‖ q) = E_p[log p(x) - log q(x)] between two distributions of this layer, built
// from tape ops so that they are differentiable in both distributions' parameters. Called by users and by
// infer/mean-field-elbo.ts (the analytic KL term of TraceMeanFieldELBO). Read docs/06-analytic-kl.md next.
import {
  add, apply2, div, dot, log1p, mul, neg, sigmoid, square, sub, sum, valueOf, type Scalar, type Value, type Vector,
} from "../autodiff/index.ts";
import { message, show } from "../check.ts";
import * as sf from "../special/index.ts";
import { sigmoid as sfSigmoid, softplus as sfSoftplus } from "../special/logistic.ts";
import { Bernoulli } from "./bernoulli.ts";
import { Beta } from "./beta.ts";
import { Binomial } from "./binomial.ts";
import { Categorical } from "./categorical.ts";
import { Dirichlet } from "./dirichlet.ts";
import type { Distribution } from "./distribution.ts";
import { Exponential } from "./exponential.ts";
import { Gamma } from "./gamma.ts";
import { LogNormal } from "./log-normal.ts";
import { Normal } from "./normal.ts";
import { Poisson } from "./poisson.ts";

/**
 * a - log(1 + a) for a > -1, with no cancellation near a = 0: for |a| <= 1/2 from log(1 + a) = 2 atanh(s),
 * s = a/(2 + a), as a - log1p(a) = a·s - 2(s³/3 + s⁵/5 + ...) (s² <= 1/9, so 17 terms reach 2^-53); elsewhere
 * directly, where the two terms differ by at least a fifth of the larger.
 */
function log1pmxNeg(a: number): number {
  if (!(Math.abs(a) <= 0.5)) return a - Math.log1p(a);
  const s = a / (2 + a), s2 = s * s;
  let term = s * s2, series = 0;
  for (let k = 3; term !== 0 && k < 60; k += 2) {
    const next = series + term / k;
    if (next === series) break;
    series = next;
    term *= s2;
  }
  return a * s - 2 * series;
}

const klDivV = (x: number, y: number): number => {
  if (x === 0) return y;
  const a = (y - x) / x;
  // a overflows when y/x does (x subnormal): then log(x/y) from the two logarithms.
  return Number.isFinite(a) ? x * log1pmxNeg(a) : y - x + x * (Math.log(x) - Math.log(y));
};
const klDivDx = (x: number, y: number): number => (x === 0 && y === 0 ? 0 : Math.log(x / y));
const klDivDy = (x: number, y: number): number => (y === x ? 0 : (y - x) / y);
/**
 * x log(x/y) - x + y for x, y >= 0 (scipy.special.kl_div), with 0·log 0 = 0 so that it is y at x = 0; computed
 * as x·(a - log1p(a)) with a = (y - x)/x, a sum of nonnegative terms: no cancellation when y is near x, where the
 * three-term form loses every digit of its O((y - x)²/x) value. Summed over a pair of normalized vectors it is
 * KL(x ‖ y), term by term nonnegative; every KL below is written with it.
 * ∂/∂x = log(x/y),  ∂/∂y = (y - x)/y = 1 - x/y.
 */
export const klDiv = ((x: Value, y: Value) => apply2(x, y, klDivV, klDivDx, klDivDy)) as (x: Value, y: Value) => Value;

/**
 * Stirling's correction lgamma(x) - ((x - ½) log x - x + ½ log 2π) = Σ_k c_k x^(1-2k), c_k = B_2k/(2k(2k - 1)): its
 * first eight c_k (A&S 6.1.40), so that at x >= 10 the first one left out, c_9 x^-17, is below 2e-18.
 */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];

/** (1 + u)^(-m) - 1 + m·u for u > -1: the binomial series Σ_{j≥2} C(-m, j) uʲ for |u| <= ½, else directly. */
function powBregman(m: number, u: number): number {
  if (!(Math.abs(u) <= 0.5)) return Math.pow(1 + u, -m) - 1 + m * u;
  let term = (-m * u * -(m + 1) * u) / 2, s = 0;
  for (let j = 3; term !== 0 && s + term !== s; j++) {
    s += term;
    term *= (-(m + j - 1) / j) * u;
  }
  return s;
}

/**
 * lgamma(α₂) - lgamma(α₁) - (α₂ - α₁)ψ(α₁) >= 0 (the Bregman divergence of lgamma), the concentration part of the
 * Gamma KL, as one node. Below 10 from lgamma and digamma (terms under 13, little to cancel). From 10 up, by
 * Stirling's series with its large terms cancelled analytically, u = (α₂ - α₁)/α₁:
 * α₁·((1 + u) log1p(u) - u) + ½(u - log1p(u)) + Σ_k c_k α₁^(1-2k) ((1 + u)^(1-2k) - 1 + (2k - 1)u), every term
 * a Bregman divergence computed without cancellation: the plain sum loses log10(α log α / KL) digits, 10 of them
 * at α = 10⁴ against 10⁴ + 1.  ∂/∂α₁ = -(α₂ - α₁)ψ'(α₁),  ∂/∂α₂ = ψ(α₂) - ψ(α₁).
 */
const lgammaBregmanV = (a1: number, a2: number): number => {
  if (a1 === a2) return 0;
  if (Math.min(a1, a2) < 10) return sf.lgamma(a2) - sf.lgamma(a1) - (a2 - a1) * sf.digamma(a1);
  const u = (a2 - a1) / a1;
  let s = a1 * (1 + u) * log1pmxNeg(-u / (1 + u)) + 0.5 * log1pmxNeg(u);
  for (let k = 0; k < STIRLING.length; k++) s += STIRLING[k]! * Math.pow(a1, -2 * k - 1) * powBregman(2 * k + 1, u);
  return s;
};
const lgammaBregman = (a1: Value, a2: Value): Value =>
  apply2(a1, a2, lgammaBregmanV, (x, y) => -(y - x) * sf.trigamma(x), (x, y) => sf.digamma(y) - sf.digamma(x));

/**
 * KL(Gamma(α₁, β₁) ‖ Gamma(α₂, β₂)) = (α₁ - α₂)ψ(α₁) - lgamma(α₁) + lgamma(α₂) + α₂ log(β₁/β₂) + α₁(β₂ - β₁)/β₁,
 * written as {@link lgammaBregmanV}(α₁, α₂) + α₁ klDiv(β₁, β₂)/β₁ + (α₁ - α₂) log1p((β₂ - β₁)/β₁), so that neither the
 * concentration terms (at large α) nor the rate terms cancel when p ≈ q. Exponential(λ) is Gamma(1, λ): Exponential-Exponential and Exponential-Gamma use this formula.
 * Source: the closed form of PyTorch's torch/distributions/kl.py (_kl_gamma_gamma); Penny (2001), "KL-divergences
 * of Normal, Gamma, Dirichlet and Wishart densities".
 */
function gammaKL(a1: Value, b1: Value, a2: Value, b2: Value): Value {
  const rate = add(div(mul(a1, klDiv(b1, b2)), b1), mul(sub(a1, a2), log1p(div(sub(b2, b1), b1))));
  return add(lgammaBregman(a1, a2), rate);
}

/**
 * KL(Beta(α₁, β₁) ‖ Beta(α₂, β₂)) = log B(α₂, β₂) - log B(α₁, β₁) + (α₁ - α₂)ψ(α₁) + (β₁ - β₂)ψ(β₁)
 * + (α₂ - α₁ + β₂ - β₁)ψ(α₁ + β₁), regrouped as D(α₁, α₂) + D(β₁, β₂) - D(α₁ + β₁, α₂ + β₂) with D
 * {@link lgammaBregmanV}: three small nonnegative terms instead of lbetas of size α log α that cancel (at
 * Beta(3·10⁴, 3·10⁴) against Beta(3·10⁴ + 10, 3·10⁴) the lbeta form keeps 3e-10 relative, this one 1e-15).
 * Source: the closed form PyTorch's torch/distributions/kl.py implements (_kl_beta_beta), rearranged.
 */
function betaKL(a1: Value, b1: Value, a2: Value, b2: Value): Value {
  return sub(add(lgammaBregman(a1, a2), lgammaBregman(b1, b2)), lgammaBregman(add(a1, b1), add(a2, b2)));
}

/**
 * KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = log(σ₂/σ₁) + (σ₁² + (μ₁ - μ₂)²)/(2σ₂²) - ½, written with d = (σ₁ - σ₂)/σ₂ as
 * ½((μ₁ - μ₂)/σ₂)² + ½d² + klDiv(σ₂, σ₁)/σ₂ (the last is d - log1p(d)): three nonnegative terms, accurate when
 * σ₁ ≈ σ₂. LogNormal-LogNormal is the same (KL is invariant under x ↦ exp x).
 * Source: PyTorch's torch/distributions/kl.py (_kl_normal_normal), rearranged.
 */
function normalKL(m1: Value, s1: Value, m2: Value, s2: Value): Value {
  const z = div(sub(m1, m2), s2), d = div(sub(s1, s2), s2);
  return add(mul(0.5, add(square(z), square(d))), div(klDiv(s2, s1), s2));
}

/** eᵈ - 1 - d without cancellation: the Taylor series Σ_{k≥2} dᵏ/k! for |d| < 1, else directly (within 2.4x). */
function expm1mx(d: number): number {
  if (!(Math.abs(d) < 1)) return Math.expm1(d) - d;
  let term = (d * d) / 2, s = 0;
  for (let k = 3; term !== 0 && s + term !== s; k++) {
    s += term;
    term *= d / k;
  }
  return s;
}

/**
 * KL(Bernoulli(σ(θ₁)) ‖ Bernoulli(σ(θ₂))) = softplus(θ₂) - softplus(θ₁) - σ(θ₁)(θ₂ - θ₁), the Bregman divergence
 * of softplus, as one node. Both logits are negated when θ₁ > 0 (the KL is unchanged), so p = σ(θ₁) <= ½; then for
 * |d| < 1, d = θ₂ - θ₁, it is p(eᵈ - 1 - d) - (u - log1p(u)) with u = p(eᵈ - 1) (from softplus(θ₁ + d) -
 * softplus(θ₁) = log1p(u)): the second term is at most half the first, so nearly equal logits keep their digits,
 * which going through σ(θ), rounded, cannot.  ∂/∂θ₁ = -σ(θ₁)(1 - σ(θ₁))(θ₂ - θ₁),  ∂/∂θ₂ = σ(θ₂) - σ(θ₁).
 */
const logitsKLV = (t1: number, t2: number): number => {
  const s = t1 > 0 ? -1 : 1, a = s * t1, d = s * t2 - a, p = sfSigmoid(a);
  return Math.abs(d) < 1 ? p * expm1mx(d) - log1pmxNeg(p * Math.expm1(d)) : sfSoftplus(a + d) - sfSoftplus(a) - p * d;
};
const logitsKLD1 = (t1: number, t2: number): number => -sfSigmoid(t1) * sfSigmoid(-t1) * (t2 - t1);
const logitsKLD2 = (t1: number, t2: number): number => sfSigmoid(t2) - sfSigmoid(t1);

/** P(1) and P(0) of a Bernoulli or Binomial, from probs (p, 1 - p) or logits (σ(θ), σ(-θ), no cancellation). */
function twoPoint(probs: Value | undefined, logits: Value | undefined): [Value, Value] {
  return probs !== undefined ? [probs, sub(1, probs)] : [sigmoid(logits!), sigmoid(neg(logits!))];
}

/**
 * KL(Bernoulli(p) ‖ Bernoulli(q)) = p log(p/q) + (1 - p) log((1 - p)/(1 - q)) = klDiv(p, q) + klDiv(1 - p, 1 - q):
 * two nonnegative terms, each exact near p = q, and 0·log 0 = 0 at p ∈ {0, 1}. Two logits forms use
 * {@link logitsKLV}; a mix of forms goes through probabilities, 1 - p = σ(-θ) keeping p near 1 exact.
 * Binomial(n, ·) with the same n is n times this (`n` given). Source: PyTorch's torch/distributions/kl.py (_kl_bernoulli_bernoulli), rearranged.
 */
function bernoulliKL(p: Bernoulli | Binomial, q: Bernoulli | Binomial, n: Value = 1): Value {
  if (p.logits !== undefined && q.logits !== undefined) {
    const perTrial = apply2(p.logits, q.logits, logitsKLV, logitsKLD1, logitsKLD2);
    return n === 1 ? perTrial : mul(n, perTrial);
  }
  // klDiv is homogeneous, n·klDiv(x, y) = klDiv(nx, ny): totalCount 0 gives 0, not 0·∞, where q puts 0 on p's mass.
  const times = (x: Value): Value => (n === 1 ? x : mul(n, x));
  const [p1, p0] = twoPoint(p.probs, p.logits), [q1, q0] = twoPoint(q.probs, q.logits);
  return add(klDiv(times(p1), times(q1)), klDiv(times(p0), times(q0)));
}

/** The vector length of a Dirichlet or Categorical, checked equal for p and q. */
function sameLength(p: Vector, q: Vector, where: string): void {
  const n = valueOf(p).length, m = valueOf(q).length;
  if (n !== m) throw new RangeError(message("the number of categories of q", `${n} (as p's)`, m, where));
}

/**
 * KL(Dir(α) ‖ Dir(β)) = lgamma(α₀) - Σ lgamma(α_k) - lgamma(β₀) + Σ lgamma(β_k) + Σ (α_k - β_k)(ψ(α_k) - ψ(α₀)),
 * α₀ = Σ α_k, β₀ = Σ β_k, regrouped (as Beta, its K = 2 case) as Σ_k D(α_k, β_k) - D(α₀, β₀), D
 * {@link lgammaBregmanV}. Source: PyTorch's torch/distributions/kl.py (_kl_dirichlet_dirichlet); Penny (2001).
 */
function dirichletKL(p: Dirichlet, q: Dirichlet): Scalar {
  const a = p.concentration, b = q.concentration;
  sameLength(a, b, "kl(Dirichlet, Dirichlet)");
  return sub(sum(lgammaBregman(a, b) as Vector), lgammaBregman(sum(a), sum(b)) as Scalar);
}

/**
 * KL(Cat(p) ‖ Cat(q)) = Σ_j p_j log(p_j/q_j) = Σ_j klDiv(p_j, q_j) (Σ p = Σ q = 1), from the normalized
 * probabilities: every term nonnegative, 0 where p_j = 0, ∞ where q_j = 0 < p_j.
 * Source: PyTorch's torch/distributions/kl.py (_kl_categorical_categorical), rearranged.
 */
function categoricalKL(p: Categorical, q: Categorical): Scalar {
  const pn = p.normalized, qn = q.normalized;
  sameLength(pn, qn, "kl(Categorical, Categorical)");
  return sum(klDiv(pn, qn) as Vector);
}

/**
 * KL(p ‖ q) in closed form, or undefined when this pair has none here: the one dispatch, by instanceof on both.
 * {@link kl} throws where this returns undefined; TraceMeanFieldELBO falls back to Monte Carlo.
 */
export function klOrUndefined(p: Distribution, q: Distribution): Value | undefined {
  if (p instanceof Normal && q instanceof Normal) return normalKL(p.loc, p.scale, q.loc, q.scale);
  if (p instanceof LogNormal && q instanceof LogNormal) return normalKL(p.loc, p.scale, q.loc, q.scale);
  if (p instanceof Beta && q instanceof Beta) {
    return betaKL(p.concentration1 as Value, p.concentration0 as Value, q.concentration1 as Value, q.concentration0 as Value);
  }
  if (p instanceof Gamma && q instanceof Gamma) return gammaKL(p.concentration as Value, p.rate as Value, q.concentration as Value, q.rate as Value);
  if (p instanceof Exponential && q instanceof Exponential) return gammaKL(1, p.rate, 1, q.rate);
  if (p instanceof Exponential && q instanceof Gamma) return gammaKL(1, p.rate, q.concentration as Value, q.rate as Value);
  if (p instanceof Bernoulli && q instanceof Bernoulli) return bernoulliKL(p, q);
  if (p instanceof Binomial && q instanceof Binomial) {
    const n = valueOf(p.totalCount as Value), m = valueOf(q.totalCount as Value);
    const same = typeof n === "number" && typeof m === "number" ? n === m
      : typeof n !== "number" && typeof m !== "number" && n.length === m.length && n.every((v, i) => v === m[i]);
    // Different counts put mass where the other has none: KL is infinite, almost surely a mistake.
    if (!same) throw new RangeError(message("q's totalCount", `equal to p's totalCount ${show(n)}`, m, "kl(Binomial, Binomial)"));
    return bernoulliKL(p, q, p.totalCount as Value);
  }
  if (p instanceof Poisson && q instanceof Poisson) return klDiv(p.rate as Value, q.rate as Value);
  if (p instanceof Categorical && q instanceof Categorical) return categoricalKL(p, q);
  if (p instanceof Dirichlet && q instanceof Dirichlet) return dirichletKL(p, q);
  return undefined;
}


/**
 * KL(p ‖ q) = E_p[log p(x) - log q(x)] in closed form, differentiable in both distributions' parameters (numbers,
 * scalar nodes, Float64Arrays or vector nodes). Batches give one KL per element, broadcasting as the distributions'
 * parameters do; Categorical and Dirichlet give one scalar. Pairs: Normal-Normal, LogNormal-LogNormal, Beta-Beta,
 * Gamma-Gamma, Exponential-Exponential, Exponential-Gamma, Bernoulli-Bernoulli and Binomial-Binomial (probs or
 * logits, in any mix), Poisson-Poisson, Categorical-Categorical, Dirichlet-Dirichlet. Each formula is written once
 * (see the functions above for their sources and how they avoid cancellation).
 *
 * @throws TypeError naming both classes for a pair with no closed form here; RangeError for two Binomials with
 * different totalCount (the KL is infinite) or two Categoricals or Dirichlets of different sizes.
 * @example
 * kl(new Normal(0, 1), new Normal(1, 1)); // 0.5
 */
export function kl(p: Distribution, q: Distribution): Value {
  const value = klOrUndefined(p, q);
  if (value === undefined) {
    throw new TypeError(message("(p, q)", "a pair with a closed-form KL (see kl's TSDoc)", `${nameOf(p)} and ${nameOf(q)}`, "kl"));
  }
  return value;
}

const nameOf = (d: unknown): string => (typeof d === "object" && d !== null ? d.constructor?.name ?? "Object" : typeof d);
