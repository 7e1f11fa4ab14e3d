// The batched hierarchical Beta-Binomial SVI step written by hand: n groups, θ_i ~ Beta(a, b) with the
// hyperparameters fixed, y_i ~ Binomial(N_i, θ_i), and a mean-field Beta(α_i, β_i) guide, with Trace_ELBO's loss
// and gradient and Adam. No tape, no handlers, no distribution objects: the yardstick for vitape's batched step
// (bench/hierarchical.bench.ts), which test/infer/fused-hierarchical.test.ts holds to the same numbers.
import { betaInto, type Rng } from "../src/random/index.ts";
import { betaSampleGradInto, digamma, lbeta } from "../src/special/index.ts";

/** A data set of n groups: y_i successes out of N_i trials. */
export interface Groups {
  y: Float64Array;
  trials: Float64Array;
}

/** State of the hand-fused run: u = (log α_i, log β_i) for every group, its gradient, and Adam's moments. */
export interface FusedHierState {
  u: Float64Array;
  g: Float64Array;
  m: Float64Array;
  v: Float64Array;
  t: number;
}

/** A fresh state at α_i = β_i = init for n groups: u holds log α_0..n-1, then log β_0..n-1. */
export function fusedHierInit(n: number, init = 1): FusedHierState {
  return { u: new Float64Array(2 * n).fill(Math.log(init)), g: new Float64Array(2 * n), m: new Float64Array(2 * n), v: new Float64Array(2 * n), t: 0 };
}

const draw = new Float64Array(3);
const dz = new Float64Array(2);

/** log C(N, y) = -log(N + 1) - log B(N - y + 1, y + 1). */
export const logChoose = (trials: number, y: number): number => -Math.log(trials + 1) - lbeta(trials - y + 1, y + 1);

/**
 * One step; returns the loss before the update, summed over groups:
 * loss = Σ_i [log q(z_i) - log p(z_i) - log Binomial(y_i; N_i, z_i)], z_i ~ Beta(α_i, β_i).
 * Per group this is the coin flip's algebra with a + y_i and b + N_i - y_i in place of a + heads, b + tails
 * (bench/fused-coin-flip.ts); α_i = e^(u_i), so d/du_i = α_i d/dα_i. Adam's formula is PyTorch's, per element.
 */
export function fusedHierStep(s: FusedHierState, rng: Rng, a: number, b: number, data: Groups, lr: number): number {
  const n = data.y.length, { u, g } = s;
  const lbPrior = lbeta(a, b);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const alpha = Math.exp(u[i]!), beta = Math.exp(u[n + i]!);
    const y = data.y[i]!, trials = data.trials[i]!;
    betaInto(draw, rng, alpha, beta);
    const z = draw[0]!, logZ = draw[1]!, log1mZ = draw[2]!;
    betaSampleGradInto(dz, z, alpha, beta, logZ, log1mZ);
    const logP = (a - 1 + y) * logZ + (b - 1 + trials - y) * log1mZ - lbPrior + logChoose(trials, y);
    const logQ = (alpha - 1) * logZ + (beta - 1) * log1mZ - lbeta(alpha, beta);
    loss += logQ - logP;
    const dElboDz = (a + y - alpha) / z - (b + trials - y - beta) / (1 - z);
    const psiSum = digamma(alpha + beta);
    g[i] = -(dElboDz * dz[0]! - (logZ - digamma(alpha) + psiSum)) * alpha;
    g[n + i] = -(dElboDz * dz[1]! - (log1mZ - digamma(beta) + psiSum)) * beta;
  }
  s.t++;
  const stepSize = lr / (1 - 0.9 ** s.t), rootBias2 = Math.sqrt(1 - 0.999 ** s.t);
  for (let i = 0; i < 2 * n; i++) {
    const gi = g[i]!;
    const m = (s.m[i] = 0.9 * s.m[i]! + (1 - 0.9) * gi);
    const v = (s.v[i] = 0.999 * s.v[i]! + (1 - 0.999) * gi * gi);
    u[i] = u[i]! - stepSize * (m / (Math.sqrt(v) / rootBias2 + 1e-8));
  }
  return loss;
}

