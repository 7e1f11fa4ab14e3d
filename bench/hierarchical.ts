// The batched hierarchical Beta-Binomial of the model-vocabulary issue, written with vitape: n groups,
// θ_i ~ Beta(a, b) with the hyperparameters fixed, y_i ~ Binomial(N_i, θ_i), and a mean-field Beta(α_i, β_i)
// guide whose parameters are two length-n vectors. Shared by bench/hierarchical.bench.ts and the tests
// test/infer/fused-hierarchical.test.ts and test/infer/hierarchical-binomial.test.ts; the same step written by
// hand is bench/fused-hierarchical.ts.
import {
  Adam, Beta, Binomial, SVI, TraceELBO, binomial, constraints, createRng, gather, param, plate, sample, type Optimizer, type PlateOptions,
} from "../src/index.ts";
import type { Groups } from "./fused-hierarchical.ts";

export type { Groups } from "./fused-hierarchical.ts";

/** The fixed hyperparameters of the prior θ_i ~ Beta(a, b). */
export const A = 2, B = 5;

/**
 * n synthetic groups from one seed: N_i uniform on {10, ..., 100}, θ_i ~ Beta(a, b), y_i ~ Binomial(N_i, θ_i),
 * drawn group by group in that order from createRng(seed).
 */
export function makeGroups(n: number, seed = 1): Groups {
  const rng = createRng(seed), y = new Float64Array(n), trials = new Float64Array(n);
  const prior = new Beta(A, B);
  for (let i = 0; i < n; i++) {
    trials[i] = 10 + Math.floor(91 * rng.uniform());
    y[i] = binomial(rng, trials[i]!, prior.sample(rng));
  }
  return { y, trials };
}

/**
 * The model and the guide. The plate's indices select the groups in use (all of them, or a subsample of m with
 * `subsampleSize`, the model's plate replaying the guide's), and `gather` takes their data and guide parameters.
 * The prior's parameters are scalars: the site scores the guide's vector draw element by element.
 */
export function hierarchical(options: PlateOptions = {}): { model: (data: Groups) => void; guide: (data: Groups) => void } {
  const model = (data: Groups): void => {
    plate("groups", data.y.length, options, (ind) => {
      const theta = sample("theta", new Beta(A, B));
      sample("y", new Binomial(gather(data.trials, ind), theta), { obs: gather(data.y, ind) });
    });
  };
  const guide = (data: Groups): void => {
    const n = data.y.length;
    const alphaQ = param("alpha_q", new Float64Array(n).fill(1), { constraint: constraints.positive });
    const betaQ = param("beta_q", new Float64Array(n).fill(1), { constraint: constraints.positive });
    plate("groups", n, options, (ind) => {
      sample("theta", new Beta(gather(alphaQ, ind), gather(betaQ, ind)));
    });
  };
  return { model, guide };
}

/**
 * A fresh SVI run of the hierarchical model (by default Adam with lr 0.05, and Trace_ELBO): call `step(data)` on it.
 * The guide starts at α_i = β_i = 1 unless the store is set first.
 */
export function hierarchicalSvi(seed = 0, options: { lr?: number; plate?: PlateOptions; loss?: TraceELBO; optim?: Optimizer } = {}): SVI<[Groups]> {
  const { model, guide } = hierarchical(options.plate);
  return new SVI(model, guide, options.optim ?? new Adam({ lr: options.lr ?? 0.05 }), options.loss ?? new TraceELBO(), { seed });
}
