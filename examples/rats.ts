// The rat tumour data (Tarone 1982; BDA3 section 5.3 and Table 5.1): 71 experiments, y_i of n_i rats with a tumour.
// Model: θ_i ~ Beta(a, b), y_i ~ Binomial(n_i, θ_i), with BDA's hyperprior p(a, b) ∝ (a + b)^(-5/2), written in
// BDA's coordinates u = log(a/b), v = log(a + b). Guide: mean-field, Normal on u and on v, Beta(α_i, β_i) per θ_i.
// Run `npx tsx examples/rats.ts` for the report (shrinkage of each experiment's raw rate); docs/10-rat-tumours.md
// explains it, test/cases/rats.test.ts checks it against scripts/fixtures_rats.py's quadrature.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  Base, Beta, Binomial, ClippedAdam, Normal, SVI, TraceELBO, constraints, exp, logSigmoid, mul, neg, param,
  plate, sample, sigmoid, special, sub, add, type Constraint, type Distribution, type Optimizer, type Scalar, type Value,
} from "../src/index.ts";

/** The data: y_i of n_i rats, i = 1..71 (row 71 is the current experiment). */
export interface Rats { y: Float64Array; n: Float64Array }

/** examples/data/rats.json as Float64Arrays. */
export function loadRats(): Rats {
  const raw = JSON.parse(readFileSync(new URL("./data/rats.json", import.meta.url), "utf8")) as { y: number[]; n: number[] };
  return { y: Float64Array.from(raw.y), n: Float64Array.from(raw.n) };
}

/**
 * A distribution on ℝ given only by an unnormalized log density (improper when it does not integrate): what Pyro
 * writes as `ImproperUniform` plus `pyro.factor`. It can score a value the guide drew, never draw one itself, so it
 * serves as a model site's prior only. vitape has no `factor` or improper distribution of its own: this is the
 * work-around.
 */
export class LogDensity extends Base<Scalar> {
  readonly hasRsample = true;
  readonly support: Constraint = constraints.real;
  readonly mean: number = NaN;
  readonly variance: number = NaN;
  constructor(private readonly logDensity: (x: Scalar) => Scalar) {
    super();
  }
  logProb(x: Value): Value {
    this.checkSupport(x);
    return this.logDensity(x as Scalar);
  }
  rsample(): Scalar {
    throw new Error("LogDensity: an improper prior has no draws; the guide must draw this site");
  }
  detach(): Distribution<Scalar> {
    return this;
  }
}

/**
 * BDA's hyperprior in (u, v): p(u, v) ∝ a·b·(a + b)^(-5/2) = σ(u)σ(-u)·e^(-v/2), the Jacobian ab of
 * (u, v) → (a, b) included. It factors: a standard logistic density in u, and the improper e^(-v/2) in v.
 */
export const logisticPrior: LogDensity = new LogDensity((u) => add(logSigmoid(u), logSigmoid(neg(u))));
export const exponentialTiltPrior: LogDensity = new LogDensity((v) => mul(-0.5, v));

/** The model: (u, v) from the hyperprior, a = e^v σ(u), b = e^v σ(-u), then one Beta-Binomial per experiment. */
export function model(data: Rats): void {
  const u = sample("log_ratio", logisticPrior);
  const v = sample("log_total", exponentialTiltPrior);
  const total = exp(v);
  const a = mul(total, sigmoid(u)), b = mul(total, sigmoid(neg(u)));
  plate("experiments", data.y.length, () => {
    const theta = sample("theta", new Beta(a, b));
    sample("y", new Binomial(data.n, theta), { obs: data.y });
  });
}

/**
 * The mean-field guide: q(u) q(v) Π_i q(θ_i), Normals on u and v, a Beta per experiment. Each Beta starts at its
 * experiment's no-pooling posterior Beta(1 + y_i, 1 + n_i - y_i) (a uniform prior, no hierarchy), the hyperparameters
 * at u = 0 (a/b = 1), v = log 2 (a + b = 2), both with scale 1: a start away from the answer that SVI must leave.
 */
export function guide(data: Rats): void {
  const { y, n } = data, G = y.length;
  const uLoc = param("log_ratio_loc", 0), uScale = param("log_ratio_scale", 1, { constraint: constraints.positive });
  const vLoc = param("log_total_loc", Math.LN2), vScale = param("log_total_scale", 1, { constraint: constraints.positive });
  sample("log_ratio", new Normal(uLoc, uScale));
  sample("log_total", new Normal(vLoc, vScale));
  const alphaQ = param("alpha_q", y.map((k) => 1 + k), { constraint: constraints.positive });
  const betaQ = param("beta_q", y.map((k, i) => 1 + n[i]! - k), { constraint: constraints.positive });
  plate("experiments", G, () => sample("theta", new Beta(alphaQ, betaQ)));
}

/** The model with (a, b) fixed (the conjugate level alone): θ_i's exact posterior is Beta(a + y_i, b + n_i - y_i). */
export const fixedModel = (a: number, b: number) => (data: Rats): void => {
  plate("experiments", data.y.length, () => {
    const theta = sample("theta", new Beta(a, b));
    sample("y", new Binomial(data.n, theta), { obs: data.y });
  });
};

/** The guide of {@link fixedModel}: a Beta per experiment, started as {@link guide}'s. */
export function fixedGuide(data: Rats): void {
  const { y, n } = data, G = y.length;
  const alphaQ = param("alpha_q", y.map((k) => 1 + k), { constraint: constraints.positive });
  const betaQ = param("beta_q", y.map((k, i) => 1 + n[i]! - k), { constraint: constraints.positive });
  plate("experiments", G, () => sample("theta", new Beta(alphaQ, betaQ)));
}

/** The optimizer settings of the full model's fit (shared with bench/pyro): ClippedAdam, lr 0.05 decayed to 0.001. */
export const FIT = { steps: 8000, lr: 0.05, lrEnd: 0.001 } as const;

/**
 * ClippedAdam whose lr decays geometrically from `lr` to `lrEnd` over `steps` (Pyro's ClippedAdam lrd), with no
 * clamp: clamping each gradient element at the default 10 biases the fit where the noisy gradients are often larger
 * (docs/12-pump-failures.md).
 */
export const decayingAdam = (fit: { steps: number; lr: number; lrEnd: number }): Optimizer =>
  new ClippedAdam({ lr: fit.lr, clipNorm: Infinity, lrd: (fit.lrEnd / fit.lr) ** (1 / fit.steps) });

/** A posterior summary: mean and standard deviation. */
export interface Moments { mean: number; sd: number }

/** What the fitted guide says: u and v, and every θ_i (Beta moments). */
export interface RatsSummary { u: Moments; v: Moments; theta: Moments[] }

/** The guide's moments, read from an SVI run's parameters. */
export function summarize(svi: SVI<[Rats]>): RatsSummary {
  const al = svi.params.get<Float64Array>("alpha_q"), be = svi.params.get<Float64Array>("beta_q");
  const theta = Array.from(al, (x, i) => betaMoments(x, be[i]!));
  const has = svi.params.has("log_ratio_loc");
  return {
    u: has ? { mean: svi.params.get("log_ratio_loc"), sd: svi.params.get("log_ratio_scale") } : { mean: NaN, sd: NaN },
    v: has ? { mean: svi.params.get("log_total_loc"), sd: svi.params.get("log_total_scale") } : { mean: NaN, sd: NaN },
    theta,
  };
}

/** Beta(α, β)'s mean α/(α + β) and sd √(αβ/((α + β)²(α + β + 1))). */
export const betaMoments = (a: number, b: number): Moments => {
  const s = a + b, m = a / s;
  return { mean: m, sd: Math.sqrt((m * (1 - m)) / (s + 1)) };
};

/** Fit the full hierarchy: `steps` steps of ClippedAdam with the decaying lr of {@link FIT}, Trace_ELBO. */
export function fit(data: Rats, seed: number, fitOptions: { steps: number; lr: number; lrEnd: number } = FIT): SVI<[Rats]> {
  const svi = new SVI(model, guide, decayingAdam(fitOptions), new TraceELBO(), { seed });
  for (let step = 0; step < fitOptions.steps; step++) svi.step(data);
  return svi;
}

/**
 * Fit the conjugate level with (a, b) fixed: stickTheLanding, whose gradient vanishes at the exact Beta, and the lr
 * decayed from 0.05 to 1e-4 (Adam's steps are about lr in size however small the gradient: a constant lr would
 * keep the iterates jittering by about lr around the optimum).
 */
export function fitFixed(data: Rats, a: number, b: number, seed: number, steps = 4000): SVI<[Rats]> {
  const optim = decayingAdam({ steps, lr: 0.05, lrEnd: 1e-4 });
  const svi = new SVI(fixedModel(a, b), fixedGuide, optim, new TraceELBO({ stickTheLanding: true }), { seed });
  for (let step = 0; step < steps; step++) svi.step(data);
  return svi;
}

/** The q-quantile of Beta(a, b), by bisection on the regularized incomplete beta function I_x(a, b). */
export function betaQuantile(q: number, a: number, b: number): number {
  let lo = 0, hi = 1;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (special.betainc(a, b, mid) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// The report: `npx tsx examples/rats.ts [--seed 0]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const seedAt = process.argv.indexOf("--seed");
  const seed = seedAt > 0 ? Number(process.argv[seedAt + 1]) : 0;
  const data = loadRats();
  const t0 = performance.now();
  const svi = fit(data, seed);
  const seconds = (performance.now() - t0) / 1000;
  const s = summarize(svi);
  const al = svi.params.get<Float64Array>("alpha_q"), be = svi.params.get<Float64Array>("beta_q");
  const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
  console.log(`Hierarchical Beta-Binomial, rat tumour data (71 experiments, 267 of 1739 rats with a tumour)`);
  console.log(`Mean-field VI, ${FIT.steps} steps (seed ${seed}, ${seconds.toFixed(1)} s).`);
  console.log(`Hyperparameters: log(a/b) = ${s.u.mean.toFixed(3)} ± ${s.u.sd.toFixed(3)}, log(a+b) = ${s.v.mean.toFixed(3)} ± ${s.v.sd.toFixed(3)}`);
  const popMean = 1 / (1 + Math.exp(-s.u.mean));
  console.log(`  population tumour rate a/(a+b) at the guide's mean: ${pct(popMean)}%, prior sample size a+b ≈ ${Math.exp(s.v.mean).toFixed(1)}`);
  console.log(`\nexperiment   y/n     raw rate   posterior mean   95% interval`);
  for (let i = 0; i < data.y.length; i++) {
    const m = s.theta[i]!.mean;
    const lo = betaQuantile(0.025, al[i]!, be[i]!), hi = betaQuantile(0.975, al[i]!, be[i]!);
    console.log(`${String(i + 1).padStart(10)}   ${`${data.y[i]}/${data.n[i]}`.padEnd(6)}  ${pct(data.y[i]! / data.n[i]!)}%     ${pct(m)}%        [${pct(lo)}%, ${pct(hi)}%]`);
  }
  console.log(`\nEach raw rate is pulled towards the population rate; experiments with few rats move most.`);
}
