// The coin-flip SVI step written by hand: the same loss and gradient as vitape's SVI with Trace_ELBO and Adam,
// with no tape, no handlers and no distribution objects. It is the yardstick for the tape's overhead
// (bench/svi.bench.ts) and a check that the two agree (test/infer/fused.test.ts).
import { betaInto, type Rng } from "../src/random/index.ts";
import { betaSampleGradInto, digamma, lbeta } from "../src/special/index.ts";

/** State of the hand-fused run: u = (log alpha_q, log beta_q) and Adam's moments. */
export interface FusedState {
  u: Float64Array;
  m: Float64Array;
  v: Float64Array;
  t: number;
}

/** A fresh state at alpha_q = beta_q = init. */
export function fusedInit(init = 15): FusedState {
  return { u: Float64Array.of(Math.log(init), Math.log(init)), m: new Float64Array(2), v: new Float64Array(2), t: 0 };
}

const draw = new Float64Array(3);
const dz = new Float64Array(2);

/**
 * One step for prior Beta(a0, b0), h heads and t tails; returns the loss before the update.
 * loss = -[log p(z) + h log z + t log(1 - z) - log q(z)], z ~ Beta(α, β) = q, α = e^u₁, β = e^u₂.
 * d loss/dα = -[(∂/∂z)(log p + loglik - log q)·dz/dα - ∂log q/∂α], and dα/du₁ = α.
 */
export function fusedStep(s: FusedState, rng: Rng, a0: number, b0: number, h: number, t: number, lr: number): number {
  const alpha = Math.exp(s.u[0]!), beta = Math.exp(s.u[1]!);
  betaInto(draw, rng, alpha, beta);
  const z = draw[0]!, logZ = draw[1]!, log1mZ = draw[2]!;
  betaSampleGradInto(dz, z, alpha, beta, logZ, log1mZ);
  const logP = (a0 - 1 + h) * logZ + (b0 - 1 + t) * log1mZ - lbeta(a0, b0);
  const logQ = (alpha - 1) * logZ + (beta - 1) * log1mZ - lbeta(alpha, beta);
  const loss = -(logP - logQ);
  // d/dz of (log p + loglik - log q), then the path and score terms.
  const dElboDz = (a0 + h - alpha) / z - (b0 + t - beta) / (1 - z);
  const psiSum = digamma(alpha + beta);
  const dLogQdA = logZ - digamma(alpha) + psiSum, dLogQdB = log1mZ - digamma(beta) + psiSum;
  const gA = -(dElboDz * dz[0]! - dLogQdA) * alpha;
  const gB = -(dElboDz * dz[1]! - dLogQdB) * beta;
  // Adam, PyTorch's formula (as src/optim/adam.ts).
  s.t++;
  const stepSize = lr / (1 - 0.9 ** s.t), rootBias2 = Math.sqrt(1 - 0.999 ** s.t);
  for (let i = 0; i < 2; i++) {
    const g = i === 0 ? gA : gB;
    const m = (s.m[i] = 0.9 * s.m[i]! + (1 - 0.9) * g);
    const v = (s.v[i] = 0.999 * s.v[i]! + (1 - 0.999) * g * g);
    s.u[i] = s.u[i]! - stepSize * (m / (Math.sqrt(v) / rootBias2 + 1e-8));
  }
  return loss;
}
