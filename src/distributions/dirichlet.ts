// The Dirichlet distribution on the simplex: normalised Gamma draws, with exact implicit reparameterization
// gradients through each Gamma (special/gamma-grad.ts) chained through the normalisation. Called by infer/ through
// the Distribution interface. Uses random/gamma.ts (log-space draws) and constraints.ts's simplex.
import { Var, Vec, div, mul, square, sub, sum, valueOf, vecNode, xlogy, add, type Vector, type Value, type Scalar } from "../autodiff/index.ts";
import { lgamma } from "../autodiff/special.ts";
import { checkType, message } from "../check.ts";
import { logStandardGamma, type Rng } from "../random/index.ts";
import * as sf from "../special/index.ts";
import { simplex, type Constraint } from "./constraints.ts";
import { Base, PARAMETER_TYPES, checkParam, xy } from "./distribution.ts";

/**
 * The floor of a component, 2⁻¹⁰²² (the smallest normal double, PyTorch's clamp_probs floor): above the subnormals,
 * so that 1/z_k, the derivative of log z_k that logProb's gradient meets, stays finite (1/5e-324 is ∞).
 */
const TINY = 2 ** -1022;

/**
 * Dirichlet(α) on the simplex {z ∈ ℝ^K : z_k >= 0, Σ z_k = 1}: p(z) = Γ(α₀)/∏Γ(α_k) · ∏ z_k^(α_k - 1), with
 * α₀ = Σ α_k. α = concentration (PyTorch's name), a Float64Array or a vector node of K positives: one draw is a
 * vector of K (eventShape [K], batchShape []).
 *
 * @throws TypeError unless concentration is a Float64Array or a vector node; RangeError naming the element unless
 * every one is finite and > 0, or when it is empty.
 */
export class Dirichlet extends Base<Vector> {
  readonly hasRsample = true;
  readonly support: Constraint = simplex;
  declare readonly concentration: Vector;
  /** The node the last rsample returned (with a node concentration) and its Gamma draws' logs (see logProb). */
  private declare drawn: Vec | undefined;
  private declare logG: Float64Array | undefined;

  constructor(concentration: Vector) {
    super();
    this.drawn = undefined;
    this.logG = undefined;
    checkType(concentration instanceof Float64Array || concentration instanceof Vec, "concentration", "a Float64Array or a vector node", concentration, "Dirichlet");
    const a = valueOf(concentration);
    this.concentration = checkParam(concentration, "concentration", "Dirichlet");
    if (a.length === 0) throw new RangeError(message("concentration", "of length K >= 1", a, "Dirichlet"));
    this.eventShape = [a.length];
  }

  /** E[z] = α / α₀. */
  get mean(): Vector {
    return div(this.concentration, sum(this.concentration));
  }

  /** Var[z_k] = α_k (α₀ - α_k) / (α₀² (α₀ + 1)). */
  get variance(): Vector {
    const a = this.concentration, a0 = sum(a);
    return div(mul(a, sub(a0, a)), mul(square(a0), add(a0, 1)));
  }

  /** Throw a RangeError unless z is a vector of K nonnegative numbers summing to 1 (within K·2⁻⁵²). */
  override checkSupport(z: Value): void {
    checkType(typeof z === "number" || z instanceof Var || z instanceof Float64Array || z instanceof Vec, "value", PARAMETER_TYPES, z, "Dirichlet");
    const zv = valueOf(z), K = this.eventShape[0]!;
    if (typeof zv === "number" || zv.length !== K || !simplex.check(zv)) {
      throw new RangeError(message("value", `in the support (${K} nonnegative numbers summing to 1)`, zv, "Dirichlet"));
    }
  }

  /**
   * log p(z) = Σ (α_k - 1) log z_k + log Γ(α₀) - Σ log Γ(α_k), composed from ops (one scalar per draw). At the node
   * its own rsample just returned, one node from the draw's exact logs (see {@link Dirichlet.logProbOfDraw}).
   */
  logProb(z: Value): Scalar {
    this.checkSupport(z);
    if (z === this.drawn) return this.logProbOfDraw();
    const a = this.concentration;
    return sub(add(sum(xlogy(sub(a, 1), z as Vector)), lgamma(sum(a))), sum(lgamma(a) as Vector));
  }

  /**
   * A draw: {@link normalizeGammas} of g_k ~ Gamma(α_k, 1) drawn in log space (random/gamma.ts's
   * logStandardGamma, k = 1..K in order), so tiny concentrations never give an all-zero vector. A node (with the
   * exact implicit gradients) when concentration is a vector node, else a Float64Array.
   */
  rsample(rng: Rng): Vector {
    const a = this.concentration, av = valueOf(a), K = av.length;
    const logG = a instanceof Vec ? a.tape.take(K) : new Float64Array(K);
    for (let k = 0; k < K; k++) logG[k] = logStandardGamma(rng, av[k]!);
    const z = normalizeGammas(a, logG);
    if (z instanceof Vec) {
      this.drawn = z;
      this.logG = logG;
    }
    return z;
  }

  /**
   * log p at the node rsample just returned, from the Gamma draws' logs: log z_k = log g_k - log S (S = Σ g_j, by
   * log-sum-exp), exact where z_k underflowed and was held at 2⁻¹⁰²². With r_k = d log g_k/dα_k
   * (standardGammaLogGrad), d log z_k/dα_j = δ_jk r_j - z_j r_j, so the total derivative is
   * d/dα_j = log z_j - ψ(α_j) + ψ(α₀) + (α_j - 1) r_j - z_j r_j (α₀ - K): no 1/z_k, which the composed form meets
   * (0·∞ at a held component).
   */
  private logProbOfDraw(): Var {
    const a = this.concentration as Vec, av = a.value, K = av.length, logG = this.logG!, t = a.tape;
    let m = -Infinity, s = 0, a0 = 0;
    for (let k = 0; k < K; k++) m = Math.max(m, logG[k]!);
    for (let k = 0; k < K; k++) {
      s += Math.exp(logG[k]! - m);
      a0 += av[k]!;
    }
    const logS = m + Math.log(s), psi0 = sf.digamma(a0), grad = t.take(K);
    let value = sf.lgamma(a0);
    for (let k = 0; k < K; k++) {
      const logZ = logG[k]! - logS, r = sf.standardGammaLogGrad(av[k]!, Math.exp(logG[k]!), logG[k]!);
      value += xy(av[k]! - 1, logZ) - sf.lgamma(av[k]!);
      grad[k] = logZ - sf.digamma(av[k]!) + psi0 + xy(av[k]! - 1, r) - Math.exp(logZ) * r * (a0 - K);
    }
    t.check(a);
    const y = t.push(0, 0, 0, 0, value);
    t.pushBackward(y.index, () => {
      const g = t.adjoints[y.index]!, aa = a.adjointOrZeros;
      for (let k = 0; k < K; k++) aa[k]! += g * grad[k]!;
    });
    return y;
  }

  detach(): Dirichlet {
    return new Dirichlet(valueOf(this.concentration));
  }
}

/**
 * z = g / Σ_j g_j for Gamma(α_k, 1) draws g_k given by their logs (`logG`, read only), as a
 * vector node carrying dz/dα when α is one. The normalisation starts in log space, w_k = exp(log g_k - m) with
 * m = max log g, then z = w / Σ w: when every g_k underflows (α ~ 1e-3) z is still a point of the simplex; a
 * component that underflows is held at 2⁻¹⁰²² = 2.2e-308, as PyTorch clamps.
 *
 * Gradients: g_k held at its quantile moves by dg_k/dα_k = standardGammaGrad(α_k, g_k) (special/gamma-grad.ts,
 * the exact implicit gradient), and through z = g/S, dz_j/dα_k = (δ_jk - z_j)(dg_k/dα_k)/S = (δ_jk - z_j) z_k r_k
 * with r_k = d log g_k/dα_k from special's standardGammaLogGrad (for a tiny g_k, which loses digits as a double
 * and then underflows, the small-g limit (ψ(α_k + 1) - log g_k)/α_k, taken from log g_k). The backward pass is one
 * sweep, ᾱ_k = z_k r_k (z̄_k - Σ_j z̄_j z_j).
 */
export function normalizeGammas(concentration: Vector, logG: Float64Array): Vector {
  const a = concentration, av = valueOf(a), K = av.length;
  const t = a instanceof Vec ? a.tape : undefined;
  let m = -Infinity;
  for (let k = 0; k < K; k++) m = Math.max(m, logG[k]!);
  // w_k = g_k e^(-m) <= 1, then z_k = w_k / Σ w: dividing the very numbers that were summed keeps Σ z within a few
  // ulps of 1 (z_k = exp(log g_k - log S) would share log S's rounding error, eps·|log S|, in every component).
  const z = t ? t.take(K) : new Float64Array(K);
  let s = 0;
  for (let k = 0; k < K; k++) s += z[k] = Math.exp(logG[k]! - m);
  for (let k = 0; k < K; k++) z[k] = Math.max(z[k]! / s, TINY);
  if (!t) return z;
  // r_k = d log g_k / dα_k.
  const r = t.take(K);
  for (let k = 0; k < K; k++) {
    const lg = logG[k]!;
    r[k] = sf.standardGammaLogGrad(av[k]!, Math.exp(lg), lg);
  }
  const out = vecNode(t, z);
  t.pushBackward(out.index, () => {
    const g = out.adjoint;
    if (!g) return;
    let gz = 0;
    for (let j = 0; j < K; j++) gz += g[j]! * z[j]!;
    const aa = (a as Vec).adjointOrZeros;
    for (let k = 0; k < K; k++) aa[k]! += z[k]! * r[k]! * (g[k]! - gz);
  });
  return out;
}
