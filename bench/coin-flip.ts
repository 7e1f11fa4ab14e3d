// The coin flip of the README (Pyro's SVI tutorial): six heads in ten tosses, a Beta(10, 10) prior, a Beta
// guide. Shared by bench/memory.ts and bench/peers/index.ts so both run exactly the README program; the browser
// test (test/browser/) carries its own copy as page source.
import { Adam, Bernoulli, Beta, SVI, TraceELBO, constraints, param, sample } from "../src/index.ts";

export const data: Float64Array = new Float64Array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);

/** The model: a Beta(10, 10) prior on the fairness, one Bernoulli site over all flips. */
export function model(data: Float64Array): void {
  const f = sample("latent_fairness", new Beta(10, 10));
  sample("obs", new Bernoulli(f), { obs: data });
}

/** The guide: Beta(alpha_q, beta_q), both positive, initialized at 15. */
export function guide(_data: Float64Array): void {
  const alphaQ = param("alpha_q", 15, { constraint: constraints.positive });
  const betaQ = param("beta_q", 15, { constraint: constraints.positive });
  sample("latent_fairness", new Beta(alphaQ, betaQ));
}

/** A fresh SVI run of the README program (Adam, lr 0.0005); call `step(data)` on it. */
export function coinFlipSvi(seed = 0, loss: TraceELBO = new TraceELBO()): SVI<[Float64Array]> {
  return new SVI(model, guide, new Adam({ lr: 0.0005, betas: [0.9, 0.999] }), loss, { seed });
}

/** Mean and sd of a Beta(alpha, beta) guide. */
export function betaMoments(alpha: number, beta: number): { mean: number; sd: number } {
  const s = alpha + beta;
  return { mean: alpha / s, sd: Math.sqrt((alpha * beta) / (s * s * (s + 1))) };
}

/** Where the guide of an SVI run stands. */
export function guidePosterior(svi: SVI<[Float64Array]>): { alpha: number; beta: number; mean: number; sd: number } {
  const alpha = svi.params.get("alpha_q") as number;
  const beta = svi.params.get("beta_q") as number;
  return { alpha, beta, ...betaMoments(alpha, beta) };
}

/** The exact posterior, Beta(10 + 6, 10 + 4). */
export const exact: { mean: number; sd: number } = betaMoments(16, 14);
