// An A/B/n test: k variants of a page, n_i visitors shown variant i, y_i of them converted (examples/data/ab-test.json,
// illustrative figures). Model: θ_i ~ Beta(1, 1), y_i ~ Binomial(n_i, θ_i); guide: a Beta per variant, whose family
// holds the exact posterior Beta(1 + y_i, 1 + n_i - y_i). From Predictive's draws of the fitted guide: P(variant i is
// best) and the expected loss E[max_j θ_j - θ_i] of shipping variant i, and `summary`'s posterior intervals. Run `npx tsx examples/ab-test.ts` for the report;
// docs/13-ab-test.md explains it and test/cases/ab-test.test.ts checks it against scripts/fixtures_ab_test.py.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  Beta, Binomial, ClippedAdam, Predictive, SVI, TraceELBO, constraints, createRng, param, plate, sample, mul, sub,
  summary, type Rng, type SiteSummary,
} from "../src/index.ts";

/** The data: visitors n_i and conversions y_i per variant. */
export interface Variants { n: Float64Array; y: Float64Array; names: string[] }

/** examples/data/ab-test.json as Float64Arrays. */
export function loadVariants(): Variants {
  const raw = JSON.parse(readFileSync(new URL("./data/ab-test.json", import.meta.url), "utf8")) as { n: number[]; y: number[]; variants: string[] };
  return { n: Float64Array.from(raw.n), y: Float64Array.from(raw.y), names: raw.variants };
}

/** The model: independent uniform priors on each variant's conversion rate. */
export function model(data: Variants): void {
  plate("variants", data.y.length, () => {
    const theta = sample("theta", new Beta(1, 1));
    sample("y", new Binomial(data.n, theta), { obs: data.y });
  });
}

/**
 * The guide: a Beta per variant, by its mean m_i and concentration c_i (α_i = m_i c_i, β_i = (1 - m_i) c_i), started
 * at mean 1/2 and concentration n_i (the size of the data, not its content). Parametrized by (α_i, β_i) and started
 * at Beta(1, 1), the fit crawls: the posterior is a narrow valley in (log α, log β) along which α and β must grow
 * together a thousandfold, and the gradient along it is small beside its noise (Adam had α_A at 47 of 121 after
 * 3000 steps). Mean and concentration are the valley's own axes.
 */
export function guide(data: Variants): void {
  const k = data.y.length;
  const m = param("mean_q", new Float64Array(k).fill(0.5), { constraint: constraints.unitInterval });
  const c = param("concentration_q", data.n.slice(), { constraint: constraints.positive });
  plate("variants", k, () => sample("theta", new Beta(mul(m, c), mul(sub(1, m), c))));
}

/** The guide's Beta parameters α_i = m_i c_i, β_i = (1 - m_i) c_i, from an SVI run's store. */
export function guideBetas(svi: SVI<[Variants]>): { alpha: Float64Array; beta: Float64Array } {
  const m = svi.params.get<Float64Array>("mean_q"), c = svi.params.get<Float64Array>("concentration_q");
  return { alpha: m.map((mi, i) => mi * c[i]!), beta: m.map((mi, i) => (1 - mi) * c[i]!) };
}

/**
 * The optimizer settings: ClippedAdam (its default clamp at 10), lr 0.05 decayed geometrically to 1e-4, with
 * stickTheLanding. The clamp biases a noisy gradient's mean, but with stickTheLanding the gradient is exactly zero at
 * the exact posterior, so the fit still ends there.
 */
export const FIT = { steps: 4000, lr: 0.05, lrEnd: 1e-4 } as const;

/** Fit the guide: stickTheLanding (its gradient vanishes at the exact posterior) and a decaying lr. */
export function fit(data: Variants, seed: number, fitOptions: { steps: number; lr: number; lrEnd: number } = FIT): SVI<[Variants]> {
  const optim = new ClippedAdam({ lr: fitOptions.lr, lrd: (fitOptions.lrEnd / fitOptions.lr) ** (1 / fitOptions.steps) });
  const svi = new SVI(model, guide, optim, new TraceELBO({ stickTheLanding: true }), { seed });
  for (let step = 0; step < fitOptions.steps; step++) svi.step(data);
  return svi;
}

/** What a decision needs, estimated from draws: P(i is best), E[max θ - θ_i], and their Monte Carlo standard errors. */
export interface Decision {
  pBest: number[]; pBestSe: number[]; expectedLoss: number[]; expectedLossSe: number[]; draws: number;
  /** `summary` of the θ draws: per variant mean, sd and 5%, 50%, 95% quantiles. */
  theta: SiteSummary<Float64Array>;
}

/**
 * `draws` joint draws θ⁽ˢ⁾ of the fitted guide by `Predictive` (returning the θ site only, with the observed y
 * kept rather than redrawn: the decision needs no predictive y), and from them
 *
 *     P(i is best) ≈ (1/N) Σ_s [θ_i⁽ˢ⁾ = max_j θ_j⁽ˢ⁾],   E[max_j θ_j - θ_i] ≈ (1/N) Σ_s (max_j θ_j⁽ˢ⁾ - θ_i⁽ˢ⁾),
 *
 * with standard errors √(p(1 - p)/N) and the loss's sample sd over √N.
 */
export function decide(svi: SVI<[Variants]>, data: Variants, draws: number, rng: Rng = createRng(2024)): Decision {
  const predictive = new Predictive(model, { guide, params: svi.params, numSamples: draws, rng, returnSites: ["theta"], observed: "keep" });
  const thetas = predictive.run(data).get("theta") as Float64Array[], k = data.y.length;
  const wins = new Float64Array(k), loss = new Float64Array(k), lossSq = new Float64Array(k);
  for (const theta of thetas) {
    let best = 0;
    for (let i = 1; i < k; i++) if (theta[i]! > theta[best]!) best = i;
    wins[best]!++;
    for (let i = 0; i < k; i++) {
      const l = theta[best]! - theta[i]!;
      loss[i]! += l;
      lossSq[i]! += l * l;
    }
  }
  const pBest = Array.from(wins, (w) => w / draws);
  const expectedLoss = Array.from(loss, (l) => l / draws);
  return {
    pBest, pBestSe: pBest.map((p) => Math.sqrt((p * (1 - p)) / draws)),
    expectedLoss, expectedLossSe: expectedLoss.map((m, i) => Math.sqrt((lossSq[i]! / draws - m * m) / draws)), draws,
    theta: summary(thetas),
  };
}

// The report: `npx tsx examples/ab-test.ts [--seed 0]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const seedAt = process.argv.indexOf("--seed");
  const seed = seedAt > 0 ? Number(process.argv[seedAt + 1]) : 0;
  const data = loadVariants();
  const svi = fit(data, seed);
  const d = decide(svi, data, 200_000);
  const { alpha: al, beta: be } = guideBetas(svi);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`A/B/n test, ${data.names.length} variants, uniform priors; ${d.draws.toLocaleString("en-US")} posterior draws (Predictive).\n`);
  console.log(`variant   conversions   rate     posterior           90% interval    P(best)   expected loss if shipped`);
  for (let i = 0; i < data.y.length; i++) {
    console.log(`${data.names[i]!.padEnd(9)} ${`${data.y[i]}/${data.n[i]}`.padStart(11)}   ${pct(data.y[i]! / data.n[i]!)}   ` +
      `Beta(${al[i]!.toFixed(1)}, ${be[i]!.toFixed(1)})   ${pct(d.theta.q5[i]!)} to ${pct(d.theta.q95[i]!)}   ` +
      `${d.pBest[i]!.toFixed(3)}     ${(100 * d.expectedLoss[i]!).toFixed(2)} percentage points`);
  }
  const best = d.expectedLoss.indexOf(Math.min(...d.expectedLoss));
  console.log(`\nShip ${data.names[best]}: it is best with probability ${d.pBest[best]!.toFixed(2)}, and choosing it costs ` +
    `${(100 * d.expectedLoss[best]!).toFixed(2)} percentage points of conversion in expectation.`);
}
