// Pyro's conjugate inference tests, ported: tests/infer/test_inference.py of Pyro 1.8.4 (NormalNormalTests,
// PoissonGammaTests, test_exponential_gamma, BernoulliBetaTests) and LogNormalNormalTests (removed from Pyro in
// 2018). Each case keeps Pyro's data, hand-written guide, initialisation (the posterior pushed off by 0.134, 0.14,
// e^0.17, e^0.143, ...), Adam learning rate and betas, step count and tolerance, and runs with TraceELBO and with
// TraceMeanFieldELBO (the reparameterized variants). The analytic posteriors come from the conjugate formulas.
// Then the same models with AutoMeanField and AutoNormal (test settings of our own, said at each test).
import { test } from "uvu";
import { readFileSync } from "node:fs";
import * as assert from "uvu/assert";
import {
  Adam, AutoMeanField, AutoNormal, Bernoulli, ClippedAdam, Beta, Exponential, Gamma, LogNormal, Normal, Poisson, SVI, TraceELBO, TraceMeanFieldELBO, constraints,
  exp, gather, param, plate, pow, sample, type Vector,
} from "../../src/index.ts";

type Params = SVI<[]>["params"];
const sumSq = (xs: ArrayLike<number>, ys: ArrayLike<number>): number => Array.from(xs).reduce((s, x, i) => s + (x - ys[i]!) ** 2, 0);
const vec = (...xs: number[]): Float64Array => Float64Array.from(xs);
const arr = (x: number | Float64Array): Float64Array => (typeof x === "number" ? vec(x) : x);

/** One ported case: its model, the hand-written guide, and Pyro's optimizer settings, steps and check. */
interface Case {
  name: string;
  model: () => void;
  guide: () => void;
  adam: { lr: number; betas?: [number, number] };
  /** Steps per objective (Pyro's; TraceMeanFieldELBO uses Pyro's count where Pyro runs it, else TraceELBO's). */
  steps: { trace: number; meanField: number };
  numParticles?: number;
  /** Pyro's assertion on the fitted parameters; returns the errors it measured, for the message. */
  check: (params: Params) => string;
}

// ---- NormalNormalTests: a 2-dimensional Normal latent, four 2-dimensional observations of known precision ----
const lam0 = vec(0.1, 0.1), loc0 = vec(0, 0.5), lam = vec(6, 4);
const nnData = vec(-0.1, 0.3, 0.0, 0.4, 0.2, 0.5, 0.1, 0.7); // 4 rows of 2, row-major
const nnRows = 4;
// Posterior precision λ_n = λ₀ + nλ, mean (Σx·λ + μ₀λ₀)/λ_n, per coordinate.
const lamN = lam0.map((l0, j) => l0 + nnRows * lam[j]!);
const logSigN = lamN.map((l) => -0.5 * Math.log(l));
const locN = loc0.map((m0, j) => {
  let s = 0;
  for (let r = 0; r < nnRows; r++) s += nnData[2 * r + j]!;
  return (s * lam[j]! + m0 * lam0[j]!) / lamN[j]!;
});
/** Column j of each row: the index of loc_latent that observation k sees. */
const nnCols = Int32Array.from(nnData, (_, k) => k % 2);
const nnObsScale = Float64Array.from(nnCols, (j) => lam[j]! ** -0.5);
function normalNormalModel(): void {
  const loc = sample("loc_latent", new Normal(loc0, lam0.map((l) => l ** -0.5)));
  plate("data", nnRows, () => sample("obs", new Normal(gather(loc, nnCols), nnObsScale), { obs: nnData }));
}
const normalNormal: Case = {
  name: "Normal-Normal (2-dimensional latent)",
  model: normalNormalModel,
  guide() {
    const locQ = param("loc_q", locN.map((m) => m + 0.134));
    const logSigQ = param("log_sig_q", logSigN.map((s) => s - 0.14));
    sample("loc_latent", new Normal(locQ, exp(logSigQ) as Vector));
  },
  adam: { lr: 0.001 },
  steps: { trace: 5000, meanField: 3000 },
  check(params) {
    const locError = sumSq(params.get<Float64Array>("loc_q"), locN), sigError = sumSq(params.get<Float64Array>("log_sig_q"), logSigN);
    assert.ok(locError <= 0.05 && sigError <= 0.05, `loc mse ${locError}, log sig mse ${sigError}`);
    // Pyro's bound 0.05 is above the starting errors, 2·0.134² = 0.036 and 2·0.14² = 0.039, so it holds before any
    // step: the fit must also remove 90% of each.
    assert.ok(locError <= 0.1 * 2 * 0.134 ** 2 && sigError <= 0.1 * 2 * 0.14 ** 2, `loc mse ${locError}, log sig mse ${sigError}: not 10% of the start`);
    return `loc mse ${locError.toExponential(2)}, log_sig mse ${sigError.toExponential(2)}`;
  },
};

// ---- PoissonGammaTests: Gamma(1, 1) prior on a Poisson rate, data [1, 2, 3]: posterior Gamma(7, 4) ----
const pgData = vec(1, 2, 3), pgAlphaN = 1 + 6, pgBetaN = 1 + 3;
function poissonGammaModel(): void {
  const rate = sample("lambda_latent", new Gamma(1, 1));
  plate("data", 3, () => sample("obs", new Poisson(rate), { obs: pgData }));
}
const gammaGuide = (alpha0: number, beta0: number) => (): void => {
  const alphaQ = param("alpha_q", alpha0, { constraint: constraints.positive });
  const betaQ = param("beta_q", beta0, { constraint: constraints.positive });
  sample("lambda_latent", new Gamma(alphaQ, betaQ));
};
const gammaCheck = (alphaN: number, betaN: number, precAlpha: number, precBeta: number) => (params: Params): string => {
  const da = Math.abs(params.get("alpha_q") - alphaN), db = Math.abs(params.get("beta_q") - betaN);
  assert.ok(da <= precAlpha && db <= precBeta, `alpha_q ${params.get("alpha_q")} vs ${alphaN}, beta_q ${params.get("beta_q")} vs ${betaN}`);
  return `|alpha_q - ${alphaN}| = ${da.toExponential(2)}, |beta_q - ${betaN}| = ${db.toExponential(2)}`;
};
const poissonGamma: Case = {
  name: "Poisson-Gamma",
  model: poissonGammaModel,
  guide: gammaGuide(pgAlphaN + Math.exp(0.17), pgBetaN / Math.exp(0.143)),
  adam: { lr: 0.0002, betas: [0.97, 0.999] },
  steps: { trace: 10_000, meanField: 10_000 },
  check: gammaCheck(pgAlphaN, pgBetaN, 0.2, 0.15),
};

// ---- test_exponential_gamma: Gamma(1, 1) prior on an Exponential rate, data [3, 2]: posterior Gamma(3, 6) ----
const egData = vec(3, 2), egAlphaN = 1 + 2, egBetaN = 1 + 5;
function exponentialGammaModel(): void {
  const rate = sample("lambda_latent", new Gamma(1, 1));
  plate("data", 2, () => sample("obs", new Exponential(rate), { obs: egData }));
}
const exponentialGamma: Case = {
  name: "Exponential-Gamma",
  model: exponentialGammaModel,
  guide: gammaGuide(egAlphaN * Math.exp(0.17), egBetaN / Math.exp(0.143)),
  adam: { lr: 0.0003, betas: [0.97, 0.999] },
  steps: { trace: 5000, meanField: 5000 },
  check: gammaCheck(egAlphaN, egBetaN, 0.2, 0.2),
};

// ---- BernoulliBetaTests: Beta(1, 1) prior, four flips [0, 1, 1, 1] in a plate: posterior Beta(4, 2) ----
const bbData = vec(0, 1, 1, 1), bbAlphaN = 1 + 3, bbBetaN = 1 + 1;
function bernoulliBetaModel(): void {
  const p = sample("p_latent", new Beta(1, 1));
  plate("data", 4, () => sample("obs", new Bernoulli(p), { obs: bbData }));
}
const bernoulliBeta = (numParticles: number, steps: number): Case => ({
  name: numParticles === 1 ? "Bernoulli-Beta (batched data)" : `Bernoulli-Beta (batched data, ${numParticles} particles)`,
  model: bernoulliBetaModel,
  guide() {
    const alphaQLog = param("alpha_q_log", Math.log(bbAlphaN) + 0.17);
    const betaQLog = param("beta_q_log", Math.log(bbBetaN) - 0.143);
    sample("p_latent", new Beta(exp(alphaQLog), exp(betaQLog)));
  },
  adam: { lr: 0.001, betas: [0.97, 0.999] },
  steps: { trace: steps, meanField: steps },
  numParticles,
  check(params) {
    const da = Math.abs(params.get("alpha_q_log") - Math.log(bbAlphaN)), db = Math.abs(params.get("beta_q_log") - Math.log(bbBetaN));
    assert.ok(da <= 0.08 && db <= 0.08, `alpha error ${da}, beta error ${db}`);
    return `alpha_q_log error ${da.toExponential(2)}, beta_q_log error ${db.toExponential(2)}`;
  },
});

// ---- LogNormalNormalTests: Normal(1, 1) prior on the log-scale mean, LogNormal data [1.5, 2.2] of precision 2.5 ----
const lnMu0 = 1, lnTau0 = 1, lnTau = 2.5, lnData = vec(1.5, 2.2);
const lnTauN = lnTau0 + 2 * lnTau, lnMuN = (lnMu0 * lnTau0 + lnTau * (Math.log(1.5) + Math.log(2.2))) / lnTauN;
function logNormalNormalModel(): void {
  const mu = sample("mu_latent", new Normal(lnMu0, lnTau0 ** -0.5));
  plate("data", 2, () => sample("obs", new LogNormal(mu, lnTau ** -0.5), { obs: lnData }));
}
const logNormalNormal: Case = {
  name: "LogNormal-Normal",
  model: logNormalNormalModel,
  guide() {
    const muQLog = param("mu_q_log", Math.log(lnMuN) + 0.17);
    const tauQLog = param("tau_q_log", Math.log(lnTauN) - 0.143);
    sample("mu_latent", new Normal(exp(muQLog), pow(exp(tauQLog), -0.5)));
  },
  adam: { lr: 0.0005, betas: [0.96, 0.999] },
  steps: { trace: 12_000, meanField: 12_000 },
  check(params) {
    const dm = Math.abs(params.get("mu_q_log") - Math.log(lnMuN)), dt = Math.abs(params.get("tau_q_log") - Math.log(lnTauN));
    assert.ok(dm <= 0.07 && dt <= 0.07, `mu error ${dm}, tau error ${dt}`);
    return `mu_q_log error ${dm.toExponential(2)}, tau_q_log error ${dt.toExponential(2)}`;
  },
};

const cases: Case[] = [normalNormal, poissonGamma, exponentialGamma, bernoulliBeta(1, 10_000), bernoulliBeta(2, 5000), logNormalNormal];

for (const c of cases) {
  for (const meanField of [false, true]) {
    const steps = meanField ? c.steps.meanField : c.steps.trace;
    const objective = meanField ? "TraceMeanFieldELBO" : "TraceELBO";
    test(`Pyro's ${c.name} case reaches the analytic posterior with ${objective} (${steps} steps, Adam lr ${c.adam.lr}, Pyro's tolerance)`, () => {
      const options = { numParticles: c.numParticles ?? 1 };
      const loss = meanField ? new TraceMeanFieldELBO(options) : new TraceELBO(options);
      const svi = new SVI(c.model, c.guide, new Adam(c.adam), loss, { seed: 0 });
      for (let k = 0; k < steps; k++) svi.step();
      const measured = c.check(svi.params);
      if (process.env.VITAPE_VERBOSE) console.log(`${c.name}, ${objective}: ${measured}`);
    });
  }
}

// ---- The same models with the autoguides ----
// Fixture: AutoNormal's KL-optimal fit (loc, scale) to the Beta(4, 2) and Gamma posteriors, from
// scripts/fixtures_autoguides.py (mpmath quadrature of the stationarity conditions).
const fixture = JSON.parse(readFileSync(new URL("../fixtures/autoguides.json", import.meta.url), "utf8")) as {
  fits: { family: string; a: number; b: number; loc: number; scale: number }[];
};
const fitOf = (family: string, a: number, b: number) => fixture.fits.find((f) => f.family === family && f.a === a && f.b === b)!;

/** |x/want - 1| <= rel for each element, with a message naming the parameter. */
function closeRel(got: number | Float64Array, want: number | Float64Array, rel: number, what: string): void {
  const g = arr(got), w = arr(want);
  assert.is(g.length, w.length, what);
  g.forEach((x, i) => assert.ok(Math.abs(x / w[i]! - 1) <= rel, `${what}[${i}]: ${x} vs ${w[i]} (rel ${Math.abs(x / w[i]! - 1)})`));
}

/** The exact posterior of each model's latent, in the native family's parameters (AutoMeanField's names). */
const exact: { name: string; model: () => void; site: string; params: Record<string, number | Float64Array> }[] = [
  { name: "Normal-Normal", model: normalNormalModel, site: "loc_latent", params: { loc: locN, scale: lamN.map((l) => l ** -0.5) } },
  { name: "Poisson-Gamma", model: poissonGammaModel, site: "lambda_latent", params: { concentration: pgAlphaN, rate: pgBetaN } },
  { name: "Exponential-Gamma", model: exponentialGammaModel, site: "lambda_latent", params: { concentration: egAlphaN, rate: egBetaN } },
  { name: "Bernoulli-Beta", model: bernoulliBetaModel, site: "p_latent", params: { concentration1: bbAlphaN, concentration0: bbBetaN } },
  { name: "LogNormal-Normal", model: logNormalNormalModel, site: "mu_latent", params: { loc: lnMuN, scale: lnTauN ** -0.5 } },
];

// AutoMeanField's family holds each posterior, and with stickTheLanding every draw's gradient is 0 there, so SVI
// lands on it: 3000 steps from initScale 0.5 (a factor about as wide as these posteriors). Started at initScale 0.1
// (Gamma(100, 100)), the Gamma factors take about 8000 steps to come down the ridge of nearly equal mean, where the
// gradient is small against its noise, and then land as exactly. The learning rate decays from 0.05 to 5e-4
// (ClippedAdam's lrd): with a constant one, Adam at the optimum, where the gradients are rounding noise, now and
// then takes a normalized step of about lr/3 (m/√v of order 1) before coming back.
const landing = (): ClippedAdam => new ClippedAdam({ lr: 0.05, lrd: 0.01 ** (1 / 3000) });
for (const c of exact) {
  test(`AutoMeanField with stickTheLanding fits Pyro's ${c.name} posterior: every parameter to 1e-3 relative`, () => {
    const guide = new AutoMeanField(c.model, { initScale: 0.5 });
    const svi = new SVI(c.model, guide, landing(), new TraceELBO({ stickTheLanding: true }), { seed: 0 });
    for (let k = 0; k < 3000; k++) svi.step();
    assert.equal(svi.params.names().sort(), Object.keys(c.params).map((p) => `AutoMeanField.${c.site}.${p}`).sort());
    for (const [p, want] of Object.entries(c.params)) closeRel(svi.params.get<number | Float64Array>(`AutoMeanField.${c.site}.${p}`), want, 1e-3, p);
  });
}

// AutoNormal's family holds the posterior where the latent is Normal (Normal-Normal, LogNormal-Normal): there it
// lands exactly, as AutoMeanField does (same settings, from its default initScale 0.1).
for (const c of [exact[0]!, exact[4]!]) {
  test(`AutoNormal with stickTheLanding fits Pyro's ${c.name} posterior: locs and scales to 1e-3 relative`, () => {
    const guide = new AutoNormal(c.model);
    const svi = new SVI(c.model, guide, landing(), new TraceELBO({ stickTheLanding: true }), { seed: 0 });
    for (let k = 0; k < 3000; k++) svi.step();
    closeRel(svi.params.get<number | Float64Array>(`AutoNormal.locs.${c.site}`), c.params.loc!, 1e-3, "loc");
    closeRel(svi.params.get<number | Float64Array>(`AutoNormal.scales.${c.site}`), c.params.scale!, 1e-3, "scale");
  });
}

// For a Gamma or Beta posterior AutoNormal's family (LogNormal, logit-Normal) does not hold it: SVI converges to the
// member nearest in KL(q ‖ posterior), from the fixture; for a Gamma(a, b) posterior that is loc = log(a/b) -
// 1/(2a), scale = a^(-1/2) in closed form, which matches the posterior mean a/b exactly. The gradient is not 0
// there, so the test decays the learning rate (ClippedAdam, 0.05 to 0.001 over 10000 steps) and averages the last
// 2000 iterates; the bound 0.02 on loc and scale is about 3 times the largest error over seeds 0-4 (7.1e-3, on
// Exponential-Gamma's loc at seed 0; the others 1e-4 to 6e-3).
for (const [c, family, a, b] of [[exact[1]!, "logNormal", pgAlphaN, pgBetaN], [exact[2]!, "logNormal", egAlphaN, egBetaN], [exact[3]!, "logitNormal", bbAlphaN, bbBetaN]] as const) {
  test(`AutoNormal on Pyro's ${c.name} model converges to the ${family} nearest the posterior Beta/Gamma(${a}, ${b})`, () => {
    const steps = 10_000, last = 2000;
    const guide = new AutoNormal(c.model);
    const svi = new SVI(c.model, guide, new ClippedAdam({ lr: 0.05, lrd: 0.02 ** (1 / steps) }), new TraceELBO({ stickTheLanding: true }), { seed: 0 });
    let loc = 0, scale = 0;
    for (let k = 0; k < steps; k++) {
      svi.step();
      if (k < steps - last) continue;
      loc += svi.params.get(`AutoNormal.locs.${c.site}`) / last;
      scale += svi.params.get(`AutoNormal.scales.${c.site}`) / last;
    }
    const fit = fitOf(family, a, b);
    assert.ok(Math.abs(loc - fit.loc) <= 0.02 && Math.abs(scale - fit.scale) <= 0.02, `loc ${loc} vs ${fit.loc}, scale ${scale} vs ${fit.scale}`);
    if (family === "logNormal") {
      // The fitted LogNormal's mean, exp(loc + scale²/2), is the posterior mean a/b (to Pyro's 0.15 on rates of 4-6).
      assert.ok(Math.abs(Math.exp(loc + scale * scale / 2) - a / b) <= 0.15 * (a / b) / b, `mean ${Math.exp(loc + scale * scale / 2)} vs ${a / b}`);
    }
  });
}

test.run();
