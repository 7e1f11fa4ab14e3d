// The eight schools (Rubin 1981; BDA3 section 5.5 and Table 5.2): the estimated effect y_j of coaching in school j
// with its standard error σ_j. Model: μ ~ Normal(0, 5), τ ~ HalfNormal(5), θ_j ~ Normal(μ, τ), y_j ~ Normal(θ_j, σ_j),
// in the centred form (θ_j sampled) and the non-centred one (η_j ~ Normal(0, 1), θ_j = μ + τη_j), each with a
// hand-written mean-field guide: Normal on μ, LogNormal on τ, Normals on θ or η, or with AutoNormal built from the model.
// Run `npx tsx examples/eight-schools.ts` for the report; docs/11-eight-schools.md explains it and
// test/cases/eight-schools.test.ts checks it against scripts/fixtures_eight_schools.py's quadrature over τ.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  AutoNormal, ClippedAdam, HalfNormal, LogNormal, Normal, SVI, TraceELBO, add, constraints, createRng, mul, param, plate, sample,
  standardNormal, type Optimizer,
} from "../src/index.ts";

/** The data: each school's estimated effect and its standard error. */
export interface Schools { y: Float64Array; sigma: Float64Array; names: string[] }

/** examples/data/eight-schools.json as Float64Arrays. */
export function loadSchools(): Schools {
  const raw = JSON.parse(readFileSync(new URL("./data/eight-schools.json", import.meta.url), "utf8")) as { y: number[]; sigma: number[]; schools: string[] };
  return { y: Float64Array.from(raw.y), sigma: Float64Array.from(raw.sigma), names: raw.schools };
}

/** The centred model: θ_j drawn around μ with scale τ. */
export function centredModel(data: Schools): void {
  const mu = sample("mu", new Normal(0, 5));
  const tau = sample("tau", new HalfNormal(5));
  plate("schools", data.y.length, () => {
    const theta = sample("theta", new Normal(mu, tau));
    sample("y", new Normal(theta, data.sigma), { obs: data.y });
  });
}

/** The non-centred model: standard Normal η_j, and θ_j = μ + τ·η_j computed, not sampled. */
export function nonCentredModel(data: Schools): void {
  const mu = sample("mu", new Normal(0, 5));
  const tau = sample("tau", new HalfNormal(5));
  plate("schools", data.y.length, () => {
    const eta = sample("eta", new Normal(0, 1));
    const theta = add(mu, mul(tau, eta));
    sample("y", new Normal(theta, data.sigma), { obs: data.y });
  });
}

/** The guide's global part: Normal on μ, LogNormal on τ (so τ > 0), started at μ ~ N(0, 1), log τ ~ N(0, 1). */
function globals(): void {
  const muLoc = param("mu_loc", 0), muScale = param("mu_scale", 1, { constraint: constraints.positive });
  const tauLoc = param("tau_loc", 0), tauScale = param("tau_scale", 1, { constraint: constraints.positive });
  sample("mu", new Normal(muLoc, muScale));
  sample("tau", new LogNormal(tauLoc, tauScale));
}

/** The centred model's guide: globals and a Normal per θ_j, started at N(0, 1). */
export function centredGuide(data: Schools): void {
  const J = data.y.length;
  globals();
  const loc = param("theta_loc", new Float64Array(J)), scale = param("theta_scale", new Float64Array(J).fill(1), { constraint: constraints.positive });
  plate("schools", J, () => sample("theta", new Normal(loc, scale)));
}

/** The non-centred model's guide: globals and a Normal per η_j, started at N(0, 1). */
export function nonCentredGuide(data: Schools): void {
  const J = data.y.length;
  globals();
  const loc = param("eta_loc", new Float64Array(J)), scale = param("eta_scale", new Float64Array(J).fill(1), { constraint: constraints.positive });
  plate("schools", J, () => sample("eta", new Normal(loc, scale)));
}

/** The optimizer settings (shared with bench/pyro): ClippedAdam, lr 0.05 decayed geometrically to 0.001. */
export const FIT = { steps: 20000, lr: 0.05, lrEnd: 0.001 } as const;

/**
 * ClippedAdam whose lr decays geometrically from `lr` to `lrEnd` over `steps` (Pyro's ClippedAdam lrd), with no
 * clamp: clamping each gradient element at the default 10 biases the fit where the noisy gradients are often larger
 * (docs/12-pump-failures.md).
 */
export const decayingAdam = (fit: { steps: number; lr: number; lrEnd: number }): Optimizer =>
  new ClippedAdam({ lr: fit.lr, clipNorm: Infinity, lrd: (fit.lrEnd / fit.lr) ** (1 / fit.steps) });

export type Form = "centred" | "non-centred";

/**
 * Which guide: the hand-written one above, or `AutoNormal` built from the model. AutoNormal puts a Normal on each
 * latent in the unconstrained space of its support: μ, θ_j and η_j are on ℝ (a Normal each), τ is on (0, ∞) (a
 * Normal on log τ, i.e. a LogNormal), so its family is the hand-written guide's, and the optimum is the same. Only
 * the start differs: AutoNormal starts at the prior's mean (μ = 0, log τ = log(5√(2/π)), θ_j and η_j at 0) with
 * every scale 0.1, the hand-written guide at 0 with scales 1.
 */
export type GuideKind = "hand-written" | "AutoNormal";

/** Fit one form with one guide: FIT.steps steps of Trace_ELBO. */
export function fit(data: Schools, form: Form, seed: number, fitOptions: { steps: number; lr: number; lrEnd: number } = FIT, kind: GuideKind = "hand-written"): SVI<[Schools]> {
  const model = form === "centred" ? centredModel : nonCentredModel;
  const guide = kind === "AutoNormal" ? new AutoNormal(model) : form === "centred" ? centredGuide : nonCentredGuide;
  const svi = new SVI(model, guide, decayingAdam(fitOptions), new TraceELBO(), { seed });
  for (let step = 0; step < fitOptions.steps; step++) svi.step(data);
  return svi;
}

/** The names of a site's location and scale parameters in either guide's store (AutoNormal's `AutoNormal.locs.<site>`). */
function paramNames(svi: SVI<[Schools]>, site: string): [string, string] {
  return svi.params.has(`AutoNormal.locs.${site}`) ? [`AutoNormal.locs.${site}`, `AutoNormal.scales.${site}`] : [`${site}_loc`, `${site}_scale`];
}

/** A posterior summary: mean and standard deviation. */
export interface Moments { mean: number; sd: number }

/** The fitted guide's moments of μ, τ, log τ and every θ_j. */
export interface SchoolsSummary { mu: Moments; tau: Moments; logTau: Moments; theta: Moments[] }

/**
 * The guide's moments (either guide: both are Normal on μ, θ_j, η_j and on log τ): μ and log τ are its Normals' parameters, τ its LogNormal's moments; θ_j is the centred guide's
 * Normal, or, non-centred, μ + τη_j under the guide, whose mean and sd come from `draws` joint draws of the guide
 * (Monte Carlo: their standard error is about sd/√draws).
 */
export function summarize(svi: SVI<[Schools]>, form: Form, draws = 100_000, seed = 12345): SchoolsSummary {
  const p = svi.params, at = (site: string) => paramNames(svi, site);
  const [muLoc, muScale] = at("mu"), [tauLoc, tauScale] = at("tau");
  const mu = { mean: p.get(muLoc), sd: p.get(muScale) };
  const logTau = { mean: p.get(tauLoc), sd: p.get(tauScale) };
  const s2 = logTau.sd ** 2;
  const tau = { mean: Math.exp(logTau.mean + s2 / 2), sd: Math.exp(logTau.mean + s2 / 2) * Math.sqrt(Math.expm1(s2)) };
  let theta: Moments[];
  if (form === "centred") {
    const [l, sc] = at("theta"), loc = p.get<Float64Array>(l), scale = p.get<Float64Array>(sc);
    theta = Array.from(loc, (m, j) => ({ mean: m, sd: scale[j]! }));
  } else {
    const [l, sc] = at("eta"), loc = p.get<Float64Array>(l), scale = p.get<Float64Array>(sc), J = loc.length;
    const rng = createRng(seed), sum = new Float64Array(J), sumSq = new Float64Array(J);
    for (let k = 0; k < draws; k++) {
      const m = mu.mean + mu.sd * standardNormal(rng), t = Math.exp(logTau.mean + logTau.sd * standardNormal(rng));
      for (let j = 0; j < J; j++) {
        const th = m + t * (loc[j]! + scale[j]! * standardNormal(rng));
        sum[j]! += th;
        sumSq[j]! += th * th;
      }
    }
    theta = Array.from(sum, (s, j) => ({ mean: s / draws, sd: Math.sqrt(sumSq[j]! / draws - (s / draws) ** 2) }));
  }
  return { mu, tau, logTau, theta };
}

// The report: `npx tsx examples/eight-schools.ts [--seed 0]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const seedAt = process.argv.indexOf("--seed");
  const seed = seedAt > 0 ? Number(process.argv[seedAt + 1]) : 0;
  const data = loadSchools();
  const f = (m: Moments) => `${m.mean.toFixed(1).padStart(5)} ± ${m.sd.toFixed(1).padEnd(4)}`;
  console.log(`Eight schools (Rubin 1981): mu ~ Normal(0, 5), tau ~ HalfNormal(5), theta_j ~ Normal(mu, tau)`);
  console.log(`Mean-field VI: hand-written guides in both forms, and AutoNormal on the non-centred form; ${FIT.steps} steps each (seed ${seed}).\n`);
  const fits = [
    summarize(fit(data, "centred", seed), "centred"), summarize(fit(data, "non-centred", seed), "non-centred"),
    summarize(fit(data, "non-centred", seed, FIT, "AutoNormal"), "non-centred"),
  ];
  const row = (label: string, pick: (s: SchoolsSummary) => Moments) => console.log(`${label}${fits.map((s) => f(pick(s))).join("   ")}`);
  console.log(`${" ".repeat(12)}y ± sigma${" ".repeat(9)}centred${" ".repeat(7)}non-centred    AutoNormal (nc)`);
  row("mu".padEnd(28), (s) => s.mu);
  row("tau".padEnd(28), (s) => s.tau);
  for (let j = 0; j < data.y.length; j++) {
    row(`school ${data.names[j]}  ${`${data.y[j]} ± ${data.sigma[j]}`.padStart(11)}       `, (s) => s.theta[j]!);
  }
  console.log(`\nExact posterior (quadrature): mu 4.4 ± 3.3, tau 3.3 ± 2.5. The centred mean-field guide overestimates tau,`);
  console.log(`shrinks the schools too little and halves mu's sd; the non-centred one is close, and AutoNormal, whose family is`);
  console.log(`the same (Normal on mu, eta_j and log tau), lands on the same fit (docs/11-eight-schools.md).`);
}
