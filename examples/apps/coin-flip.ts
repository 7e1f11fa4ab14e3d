// The README's coin flip as an embedder ships it: `npm run size` bundles this file (esbuild, minified, gzip -9)
// and holds it to its budget, and `npm run test:consumer` compiles it against the packed package and runs it under
// plain node. Keep it the README's program, word for word; README.md explains each line.
import { Adam, Bernoulli, Beta, SVI, TraceELBO, param, sample } from "vitape";
import * as constraints from "vitape/distributions/constraints";

const data = new Float64Array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);

function model(data: Float64Array): void {
  const f = sample("latent_fairness", new Beta(10, 10));
  // one vectorized site over all observations
  sample("obs", new Bernoulli(f), { obs: data });
}

function guide(data: Float64Array): void {
  const alphaQ = param("alpha_q", 15, { constraint: constraints.positive });
  const betaQ = param("beta_q", 15, { constraint: constraints.positive });
  sample("latent_fairness", new Beta(alphaQ, betaQ));
}

const svi = new SVI(model, guide,
  new Adam({ lr: 0.0005, betas: [0.9, 0.999] }),
  new TraceELBO(), { seed: 0 });
for (let step = 0; step < 2000; step++) svi.step(data);

const alpha = svi.params.get("alpha_q"); // constrained: a number
const beta = svi.params.get("beta_q");
const mean = alpha / (alpha + beta);
const sd = mean * Math.sqrt(beta / (alpha * (1 + alpha + beta)));
console.log(`fairness ${mean.toFixed(3)} ± ${sd.toFixed(3)}`);

// The exact posterior is Beta(16, 14): mean 0.533, sd 0.090.
if (Math.abs(mean - 16 / 30) > 0.02) throw new Error("mean");
if (Math.abs(sd - 0.0896) > 0.01) throw new Error("sd");
