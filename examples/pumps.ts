// The pump-failure data (Gaver and O'Muircheartaigh 1987; the BUGS "Pumps" example): x_i failures of pump i in
// t_i thousand hours. Model: θ_i ~ Gamma(α, β) (rate β), x_i ~ Poisson(θ_i t_i), with BUGS's hyperprior
// α ~ Exponential(1), β ~ Gamma(0.1, 1). Guide: mean-field, LogNormal on α and on β, Gamma(c_i, r_i) per θ_i.
// Run `npx tsx examples/pumps.ts` for the report; docs/12-pump-failures.md explains it and test/cases/pumps.test.ts
// checks it against scripts/fixtures_pumps.py's quadrature over (α, β).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  ClippedAdam, Exponential, Gamma, LogNormal, Poisson, SVI, TraceELBO, constraints, mul, param, plate, sample,
  type Optimizer,
} from "../src/index.ts";

/** The data: failures x_i in t_i thousand hours of operation. */
export interface Pumps { x: Float64Array; t: Float64Array }

/** examples/data/pumps.json as Float64Arrays. */
export function loadPumps(): Pumps {
  const raw = JSON.parse(readFileSync(new URL("./data/pumps.json", import.meta.url), "utf8")) as { x: number[]; t: number[] };
  return { x: Float64Array.from(raw.x), t: Float64Array.from(raw.t) };
}

/** The model: (α, β) from BUGS's hyperprior, then one Gamma-Poisson per pump. */
export function model(data: Pumps): void {
  const alpha = sample("alpha", new Exponential(1));
  const beta = sample("beta", new Gamma(0.1, 1));
  plate("pumps", data.x.length, () => {
    const theta = sample("theta", new Gamma(alpha, beta));
    sample("x", new Poisson(mul(theta, data.t)), { obs: data.x });
  });
}

/**
 * The mean-field guide: LogNormal on α and β (started at the median 1, log-sd 0.5), and a Gamma per θ_i started at
 * its no-pooling posterior Gamma(1 + x_i, 1 + t_i) (a Gamma(1, 1) prior, no hierarchy).
 */
export function guide(data: Pumps): void {
  const { x, t } = data;
  const aLoc = param("alpha_loc", 0), aScale = param("alpha_scale", 0.5, { constraint: constraints.positive });
  const bLoc = param("beta_loc", 0), bScale = param("beta_scale", 0.5, { constraint: constraints.positive });
  sample("alpha", new LogNormal(aLoc, aScale));
  sample("beta", new LogNormal(bLoc, bScale));
  const conc = param("theta_concentration", x.map((k) => 1 + k), { constraint: constraints.positive });
  const rate = param("theta_rate", t.map((h) => 1 + h), { constraint: constraints.positive });
  plate("pumps", x.length, () => sample("theta", new Gamma(conc, rate)));
}

/** The model with (α, β) fixed: θ_i's exact posterior is Gamma(α + x_i, β + t_i). */
export const fixedModel = (alpha: number, beta: number) => (data: Pumps): void => {
  plate("pumps", data.x.length, () => {
    const theta = sample("theta", new Gamma(alpha, beta));
    sample("x", new Poisson(mul(theta, data.t)), { obs: data.x });
  });
};

/** The guide of {@link fixedModel}: a Gamma per pump, started as {@link guide}'s. */
export function fixedGuide(data: Pumps): void {
  const conc = param("theta_concentration", data.x.map((k) => 1 + k), { constraint: constraints.positive });
  const rate = param("theta_rate", data.t.map((h) => 1 + h), { constraint: constraints.positive });
  plate("pumps", data.x.length, () => sample("theta", new Gamma(conc, rate)));
}

/** The optimizer settings (shared with bench/pyro): ClippedAdam, lr 0.05 decayed geometrically to 0.001. */
export const FIT = { steps: 8000, lr: 0.05, lrEnd: 0.001 } as const;

/**
 * ClippedAdam whose lr decays geometrically from `lr` to `lrEnd` over `steps` (Pyro's ClippedAdam lrd), with no
 * clamp: clamping each gradient element at the default 10 biases the fit where the noisy gradients are often larger
 * (docs/12-pump-failures.md).
 */
export const decayingAdam = (fit: { steps: number; lr: number; lrEnd: number }): Optimizer =>
  new ClippedAdam({ lr: fit.lr, clipNorm: Infinity, lrd: (fit.lrEnd / fit.lr) ** (1 / fit.steps) });

/** Fit the full hierarchy with Trace_ELBO. */
export function fit(data: Pumps, seed: number, fitOptions: { steps: number; lr: number; lrEnd: number } = FIT): SVI<[Pumps]> {
  const svi = new SVI(model, guide, decayingAdam(fitOptions), new TraceELBO(), { seed });
  for (let step = 0; step < fitOptions.steps; step++) svi.step(data);
  return svi;
}

/** Fit the conjugate level with (α, β) fixed: stickTheLanding and the lr decayed from 0.05 to 1e-4 (as for the rats). */
export function fitFixed(data: Pumps, alpha: number, beta: number, seed: number, steps = 4000): SVI<[Pumps]> {
  const optim = decayingAdam({ steps, lr: 0.05, lrEnd: 1e-4 });
  const svi = new SVI(fixedModel(alpha, beta), fixedGuide, optim, new TraceELBO({ stickTheLanding: true }), { seed });
  for (let step = 0; step < steps; step++) svi.step(data);
  return svi;
}

/** A posterior summary: mean and standard deviation. */
export interface Moments { mean: number; sd: number }

/** LogNormal(m, s)'s mean and sd. */
const logNormalMoments = (m: number, s: number): Moments => {
  const mean = Math.exp(m + (s * s) / 2);
  return { mean, sd: mean * Math.sqrt(Math.expm1(s * s)) };
};

/** The fitted guide's moments of α, β, log α, log β and every θ_i (Gamma(c, r): mean c/r, sd √c/r). */
export function summarize(svi: SVI<[Pumps]>): { alpha: Moments; beta: Moments; logAlpha: Moments; logBeta: Moments; theta: Moments[] } {
  const p = svi.params;
  const logAlpha = { mean: p.get("alpha_loc"), sd: p.get("alpha_scale") }, logBeta = { mean: p.get("beta_loc"), sd: p.get("beta_scale") };
  const c = p.get<Float64Array>("theta_concentration"), r = p.get<Float64Array>("theta_rate");
  return {
    alpha: logNormalMoments(logAlpha.mean, logAlpha.sd), beta: logNormalMoments(logBeta.mean, logBeta.sd), logAlpha, logBeta,
    theta: Array.from(c, (ci, i) => ({ mean: ci / r[i]!, sd: Math.sqrt(ci) / r[i]! })),
  };
}

// The report: `npx tsx examples/pumps.ts [--seed 0]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const seedAt = process.argv.indexOf("--seed");
  const seed = seedAt > 0 ? Number(process.argv[seedAt + 1]) : 0;
  const data = loadPumps();
  const s = summarize(fit(data, seed));
  console.log(`Pump failures (Gaver and O'Muircheartaigh 1987): theta_i ~ Gamma(alpha, beta), x_i ~ Poisson(theta_i t_i),`);
  console.log(`alpha ~ Exponential(1), beta ~ Gamma(0.1, 1). Mean-field VI, ${FIT.steps} steps (seed ${seed}).\n`);
  console.log(`alpha = ${s.alpha.mean.toFixed(3)} ± ${s.alpha.sd.toFixed(3)}, beta = ${s.beta.mean.toFixed(3)} ± ${s.beta.sd.toFixed(3)}\n`);
  console.log(`pump   failures   thousand hours   raw rate   posterior rate (failures per thousand hours)`);
  for (let i = 0; i < data.x.length; i++) {
    const raw = data.x[i]! / data.t[i]!;
    console.log(`${String(i + 1).padStart(4)}   ${String(data.x[i]).padStart(8)}   ${data.t[i]!.toFixed(2).padStart(14)}   ${raw.toFixed(3).padStart(8)}   ${s.theta[i]!.mean.toFixed(3)} ± ${s.theta[i]!.sd.toFixed(3)}`);
  }
}
