// TraceMeanFieldELBO: the ELBO with closed-form KL terms. At the exact posterior its mean is -log p(x) (TraceELBO's
// loss there is that constant on every draw); SVI with it reaches the posterior; a site without a closed-form pair
// falls back to TraceELBO's Monte Carlo term, draw for draw.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Adam, Bernoulli, Beta, Gamma, LogNormal, Normal, SGD, SVI, TraceELBO, TraceMeanFieldELBO, constraints, gather, param,
  plate, sample, special,
} from "../../src/index.ts";

const flips = Float64Array.of(1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
// log p(x) = log B(16, 14) - log B(10, 10) for 6 heads and 4 tails under Beta(10, 10).
const logEvidence = special.lbeta(16, 14) - special.lbeta(10, 10);

function coinModel(data: Float64Array): void {
  const f = sample("latent_fairness", new Beta(10, 10));
  sample("obs", new Bernoulli(f), { obs: data });
}
const coinGuide = (a: number, b: number) => (_data: Float64Array): void => {
  const alphaQ = param("alpha_q", a, { constraint: constraints.positive });
  const betaQ = param("beta_q", b, { constraint: constraints.positive });
  sample("latent_fairness", new Beta(alphaQ, betaQ));
};

/** Mean and standard error of n losses. */
function meanLoss(svi: SVI<[Float64Array]>, data: Float64Array, n: number): { mean: number; se: number } {
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    const l = svi.evaluateLoss(data);
    s += l;
    s2 += l * l;
  }
  const mean = s / n;
  return { mean, se: Math.sqrt((s2 / n - mean * mean) / n) };
}

test("at the exact posterior Beta(16, 14) the mean loss is -log p(x) within 4 standard errors; TraceELBO's is -log p(x) on every draw", () => {
  const mf = new SVI(coinModel, coinGuide(16, 14), new SGD({ lr: 0 }), new TraceMeanFieldELBO(), { seed: 1 });
  const { mean, se } = meanLoss(mf, flips, 20_000);
  assert.ok(Math.abs(mean + logEvidence) < 4 * se, `${mean} vs ${-logEvidence} (se ${se})`);
  assert.ok(se > 1e-4); // not a constant: the likelihood term is still sampled
  const plain = new SVI(coinModel, coinGuide(16, 14), new SGD({ lr: 0 }), new TraceELBO(), { seed: 1 });
  for (let i = 0; i < 1000; i++) {
    const l = plain.evaluateLoss(flips);
    assert.ok(Math.abs(l + logEvidence) <= 1e-12 * Math.abs(logEvidence), `draw ${i}: ${l}`);
  }
});

test("away from the posterior both objectives have the same mean, -log p(x) + KL(q ‖ posterior), within 4 standard errors", () => {
  const { lbeta, digamma } = special;
  // KL(Beta(5, 20) ‖ Beta(16, 14)), from the textbook closed form.
  const a1 = 5, b1 = 20, a2 = 16, b2 = 14;
  const klq = lbeta(a2, b2) - lbeta(a1, b1) + (a1 - a2) * digamma(a1) + (b1 - b2) * digamma(b1) + (a2 - a1 + b2 - b1) * digamma(a1 + b1);
  for (const elbo of [new TraceMeanFieldELBO(), new TraceELBO()]) {
    const svi = new SVI(coinModel, coinGuide(a1, b1), new SGD({ lr: 0 }), elbo, { seed: 2 });
    const { mean, se } = meanLoss(svi, flips, 20_000);
    assert.ok(Math.abs(mean - (klq - logEvidence)) < 4 * se, `${elbo.constructor.name}: ${mean} vs ${klq - logEvidence} (se ${se})`);
  }
});

test("SVI with TraceMeanFieldELBO from Beta(2, 30) reaches the posterior Beta(16, 14)", () => {
  const svi = new SVI(coinModel, coinGuide(2, 30), new Adam({ lr: 0.05 }), new TraceMeanFieldELBO({ numParticles: 4 }), { seed: 3 });
  for (let i = 0; i < 3000; i++) svi.step(flips);
  const a = svi.params.get("alpha_q"), b = svi.params.get("beta_q");
  // Adam with lr 0.05 keeps jittering around the optimum: within 15% of each parameter and 0.01 of the mean.
  assert.ok(Math.abs(a / (a + b) - 16 / 30) < 0.01, `mean ${a / (a + b)}`);
  assert.ok(Math.abs(a / 16 - 1) < 0.15 && Math.abs(b / 14 - 1) < 0.15, `Beta(${a}, ${b})`);
});

// z ~ Normal(0, 1), x_i ~ Normal(z, 1), i = 1..n: the posterior is Normal(Σx/(n + 1), 1/√(n + 1)) and
// log p(x) = log N(x; 0, I + 11ᵀ), from |I + 11ᵀ| = n + 1 and (I + 11ᵀ)⁻¹ = I - 11ᵀ/(n + 1).
const xs = Float64Array.of(0.3, -1.2, 2.5, 0.9, 1.7);
const nx = xs.length, sx = xs.reduce((s, v) => s + v, 0), sxx = xs.reduce((s, v) => s + v * v, 0);
const normalLogEvidence = -0.5 * (sxx - (sx * sx) / (nx + 1)) - 0.5 * Math.log(nx + 1) - nx * 0.5 * Math.log(2 * Math.PI);

function normalModel(data: Float64Array): void {
  const z = sample("z", new Normal(0, 1));
  sample("x", new Normal(z, 1), { obs: data });
}
const normalGuide = (loc: number, scale: number) => (_data: Float64Array): void => {
  sample("z", new Normal(param("loc_q", loc), param("scale_q", scale, { constraint: constraints.positive })));
};

test("on the Normal-Normal model the mean loss at the posterior is -log p(x) within 4 standard errors", () => {
  const svi = new SVI(normalModel, normalGuide(sx / (nx + 1), 1 / Math.sqrt(nx + 1)), new SGD({ lr: 0 }), new TraceMeanFieldELBO(), { seed: 4 });
  const { mean, se } = meanLoss(svi, xs, 20_000);
  assert.ok(Math.abs(mean + normalLogEvidence) < 4 * se, `${mean} vs ${-normalLogEvidence} (se ${se})`);
});

test("a site whose pair has no closed form is TraceELBO's Monte Carlo term, draw for draw", () => {
  const model = (data: Float64Array): void => {
    const r = sample("rate", new Gamma(2, 1));
    sample("x", new Normal(0, r), { obs: data });
  };
  const guide = (_data: Float64Array): void => {
    sample("rate", new LogNormal(param("m", 0.1), param("s", 0.5, { constraint: constraints.positive })));
  };
  const a = new SVI(model, guide, new SGD({ lr: 0 }), new TraceMeanFieldELBO(), { seed: 5 });
  const b = new SVI(model, guide, new SGD({ lr: 0 }), new TraceELBO(), { seed: 5 });
  for (let i = 0; i < 50; i++) {
    const ga = a.gradients(xs), gb = b.gradients(xs);
    assert.is(ga.loss, gb.loss);
    assert.equal([...ga.grads.entries()], [...gb.grads.entries()]);
  }
});

test("in a plate the KL is summed over the batch and scaled by the plate's subsampling factor", () => {
  // A batch of Normal latents, guide = prior except for one element's loc: the KL is that element's alone,
  // ½ d², times n/m when the plate subsamples m of n; the observed site has the same scale.
  const n = 4, d = 0.8;
  const run = (subsample: number[] | undefined): number => {
    const options = subsample ? { subsample } : {};
    const model = (): void => {
      plate("g", n, options, (ind) => { sample("z", new Normal(new Float64Array(ind.length), 1)); });
    };
    const guide = (): void => {
      const loc = param("loc", Float64Array.of(d, 0, 0, 0));
      plate("g", n, options, (ind) => { sample("z", new Normal(gather(loc, ind), 1)); });
    };
    return new SVI(model, guide, new SGD({ lr: 0 }), new TraceMeanFieldELBO(), { seed: 6 }).evaluateLoss();
  };
  assert.ok(Math.abs(run(undefined) - 0.5 * d * d) < 1e-15);
  assert.ok(Math.abs(run([0, 2]) - 2 * 0.5 * d * d) < 1e-15);
  assert.ok(Math.abs(run([1, 3])) === 0);
});

test("SVI accepts TraceMeanFieldELBO wherever it accepts TraceELBO, and its options are TraceELBO's", () => {
  assert.ok(new TraceMeanFieldELBO() instanceof TraceELBO);
  assert.throws(() => new TraceMeanFieldELBO({ numParticles: 0 }), RangeError);
  assert.is(new TraceMeanFieldELBO({ numParticles: 3 }).numParticles, 3);
});

test.run();
