// The variance of the gradient estimate of TraceELBO and TraceMeanFieldELBO (one particle), at and away from the
// optimum, on the coin flip (Beta prior and guide) and on a Normal-Normal model with known scale: the table of
// docs/06-analytic-kl.md. Not a timing bench: fixed seeds, so the output is the same on every run.
//     npx tsx bench/gradient-variance.ts
import { Bernoulli, Beta, Normal, SGD, SVI, TraceELBO, TraceMeanFieldELBO, constraints, param, sample } from "../src/index.ts";

const DRAWS = 20_000;

/** Per parameter, the mean and variance of the gradient estimate over DRAWS draws (the rng advances each time). */
function moments(svi: SVI<[Float64Array]>, data: Float64Array): Map<string, { mean: number; variance: number }> {
  const s = new Map<string, [number, number]>();
  for (let i = 0; i < DRAWS; i++) {
    for (const [name, g] of svi.gradients(data).grads) {
      const acc = s.get(name) ?? [0, 0];
      acc[0] += g[0]!;
      acc[1] += g[0]! * g[0]!;
      s.set(name, acc);
    }
  }
  return new Map([...s].map(([name, [a, b]]) => {
    const mean = a / DRAWS;
    return [name, { mean, variance: b / DRAWS - mean * mean }];
  }));
}

const flips = Float64Array.of(1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
const coin = {
  name: "coin flip",
  data: flips,
  model(data: Float64Array): void {
    const f = sample("latent_fairness", new Beta(10, 10));
    sample("obs", new Bernoulli(f), { obs: data });
  },
  guide: (a: number, b: number) => (_data: Float64Array): void => {
    const alphaQ = param("alpha_q", a, { constraint: constraints.positive });
    const betaQ = param("beta_q", b, { constraint: constraints.positive });
    sample("latent_fairness", new Beta(alphaQ, betaQ));
  },
  points: [["optimum Beta(16, 14)", 16, 14], ["away Beta(4, 4)", 4, 4]] as [string, number, number][],
};

// z ~ N(0, 1), x_i ~ N(z, 1): the posterior is N(Σx/(n + 1), 1/√(n + 1)).
const xs = Float64Array.of(0.3, -1.2, 2.5, 0.9, 1.7);
const post = [xs.reduce((s, v) => s + v, 0) / (xs.length + 1), 1 / Math.sqrt(xs.length + 1)] as const;
const gauss = {
  name: "Normal-Normal",
  data: xs,
  model(data: Float64Array): void {
    const z = sample("z", new Normal(0, 1));
    sample("x", new Normal(z, 1), { obs: data });
  },
  guide: (loc: number, scale: number) => (_data: Float64Array): void => {
    sample("z", new Normal(param("loc_q", loc), param("scale_q", scale, { constraint: constraints.positive })));
  },
  points: [[`optimum N(${post[0].toFixed(3)}, ${post[1].toFixed(3)})`, post[0], post[1]], ["away N(-1, 1)", -1, 1]] as [string, number, number][],
};

console.log(`Gradient estimates over ${DRAWS} draws each (one particle; gradients in the unconstrained parameters, log of a positive one).\n`);
console.log("| model | guide at | parameter | mean (TraceELBO) | var TraceELBO | var TraceMeanFieldELBO | ratio |");
console.log("|---|---|---|---:|---:|---:|---:|");
for (const m of [coin, gauss]) {
  for (const [label, a, b] of m.points) {
    const [plain, mf] = [new TraceELBO(), new TraceMeanFieldELBO()].map((elbo) =>
      moments(new SVI(m.model, m.guide(a, b), new SGD({ lr: 0 }), elbo, { seed: 2026 }), m.data));
    for (const [name, p] of plain!) {
      const q = mf!.get(name)!;
      console.log(`| ${m.name} | ${label} | ${name} | ${p.mean.toPrecision(4)} | ${p.variance.toPrecision(4)} | ${q.variance.toPrecision(4)} | ${(p.variance / q.variance).toPrecision(3)} |`);
    }
  }
}
