// Predictive and summary. Expected values are closed forms: the Beta posterior's and prior's moments, the posterior
// predictive mean of a flip E[f] = 16/30, and the variance of a draw's mean of 10 flips, Var(f) + E[f(1 - f)]/10.
// Pyro 1.8.4's rule, checked by running it: with a guide every model site is returned, and a site given obs keeps
// its observed value (vitape's `observed: "keep"`; the default "resample" draws it afresh).
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Normal, ParamStore, Predictive, condition, constraints, plate, sample, summary,
} from "../../src/index.ts";
import { data, guide, model } from "../../bench/coin-flip.ts";

// The README's coin flip: Beta(10, 10) prior, Bernoulli flips, a Beta(alpha_q, beta_q) guide.
const flips = data;
/** A store holding the exact posterior Beta(a, b) as the guide's parameters (what svi.params holds after a fit). */
function store(a: number, b: number): ParamStore {
  const p = new ParamStore();
  p.set("alpha_q", a, { constraint: constraints.positive });
  p.set("beta_q", b, { constraint: constraints.positive });
  return p;
}
/** Mean of a Float64Array. */
function meanOf(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}
/** Beta(a, b)'s mean and variance. */
const betaMoments = (a: number, b: number) => ({ mean: a / (a + b), variance: (a * b) / ((a + b) ** 2 * (a + b + 1)) });

test("posterior predictive of the coin flip with the exact guide Beta(16, 14): latent mean 16/30, flip mean 16/30, within 4 standard errors", () => {
  const n = 4000;
  const draws = new Predictive(model, { guide, params: store(16, 14), numSamples: n, seed: 1 }).run(flips);
  assert.equal([...draws.keys()], ["latent_fairness", "obs"]);
  const f = draws.get("latent_fairness") as Float64Array, obs = draws.get("obs") as Float64Array[];
  assert.ok(f instanceof Float64Array && f.length === n);
  assert.ok(Array.isArray(obs) && obs.length === n && obs.every((o) => o instanceof Float64Array && o.length === 10));
  const { mean, variance } = betaMoments(16, 14);
  assert.ok(Math.abs(meanOf(f) - mean) < 4 * Math.sqrt(variance / n), `${meanOf(f)} vs ${mean}`);
  // Each draw's 10 flips share one f: Var(mean of a draw) = Var(f) + E[f(1 - f)]/10, E[f(1 - f)] = E f - E f².
  const perDraw = Float64Array.from(obs, meanOf);
  const varDraw = variance + (mean - (variance + mean * mean)) / 10;
  assert.ok(Math.abs(meanOf(perDraw) - mean) < 4 * Math.sqrt(varDraw / n), `${meanOf(perDraw)} vs ${mean}`);
  assert.ok(obs.every((o) => o.every((x) => x === 0 || x === 1)));
  // The flips are fresh draws, not the data: some draws differ from it.
  assert.ok(obs.some((o) => o.some((x, i) => x !== flips[i])));
});

test("prior predictive without a guide: Beta(10, 10)'s mean 1/2 and variance 1/84, flips with mean 1/2", () => {
  const n = 4000;
  const draws = new Predictive(model, { numSamples: n, seed: 2 }).run(flips);
  const f = draws.get("latent_fairness") as Float64Array;
  const { mean, variance } = betaMoments(10, 10);
  assert.ok(Math.abs(meanOf(f) - mean) < 4 * Math.sqrt(variance / n));
  const v = f.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
  // The mean square about the known mean has variance (μ4 - σ⁴)/n < 2σ⁴/n, as μ4 < 3σ⁴ for a Beta(10, 10).
  assert.ok(Math.abs(v - variance) < 4 * variance * Math.sqrt(2 / n), `${v} vs ${variance}`);
  const flipsMean = meanOf(Float64Array.from(draws.get("obs") as Float64Array[], meanOf));
  assert.ok(Math.abs(flipsMean - 0.5) < 4 * Math.sqrt((variance + (0.5 - variance - 0.25) / 10) / n));
});

test("the guide's parameters come from params (else their init): Beta(1000, 1) puts every draw above 0.99", () => {
  const high = new Predictive(model, { guide, params: store(1000, 1), numSamples: 200, seed: 3 }).run(flips);
  assert.ok((high.get("latent_fairness") as Float64Array).every((x) => x > 0.99));
  // No store: the guide's init Beta(15, 15), whose draws straddle 1/2.
  const init = new Predictive(model, { guide, numSamples: 200, seed: 3 }).run(flips).get("latent_fairness") as Float64Array;
  assert.ok(init.some((x) => x < 0.5) && init.some((x) => x > 0.5));
});

test("observed: 'keep' returns the observed value itself (Pyro's Predictive); returnSites picks sites; an unknown name is an error", () => {
  const kept = new Predictive(model, { guide, params: store(16, 14), numSamples: 5, seed: 0, observed: "keep" }).run(flips);
  for (const o of kept.get("obs") as Float64Array[]) assert.equal([...o], [...flips]);
  const only = new Predictive(model, { guide, numSamples: 3, returnSites: ["obs"] }).run(flips);
  assert.equal([...only.keys()], ["obs"]);
  assert.throws(() => new Predictive(model, { numSamples: 3, returnSites: ["ob"] }).run(flips), /Predictive: returnSites names "ob", which is not a sample site of the model/);
  // condition()'s sites are observed too: resampled by default, kept with "keep".
  const conditioned = condition((): void => { sample("z", new Normal(0, 1)); }, { z: 7 });
  assert.ok((new Predictive<[]>(conditioned, { numSamples: 20 }).run().get("z") as Float64Array).every((x) => x !== 7));
  assert.ok((new Predictive<[]>(conditioned, { numSamples: 20, observed: "keep" }).run().get("z") as Float64Array).every((x) => x === 7));
});

test("seeds reproduce: the same seed gives the same draws, another seed others, and a second run continues the stream", () => {
  const make = (seed: number) => new Predictive(model, { guide, params: store(16, 14), numSamples: 50, seed });
  const a = make(9).run(flips), b = make(9).run(flips), c = make(10).run(flips);
  assert.equal([...(a.get("latent_fairness") as Float64Array)], [...(b.get("latent_fairness") as Float64Array)]);
  assert.equal((a.get("obs") as Float64Array[]).map((o) => [...o]), (b.get("obs") as Float64Array[]).map((o) => [...o]));
  assert.not.equal([...(a.get("latent_fairness") as Float64Array)], [...(c.get("latent_fairness") as Float64Array)]);
  const p = make(9);
  p.run(flips);
  assert.not.equal([...(p.run(flips).get("latent_fairness") as Float64Array)], [...(a.get("latent_fairness") as Float64Array)]);
});

test("a model latent the guide lacks comes from its prior given the others; a guide's plate subsample is replayed into the model", () => {
  const two = (): void => {
    const mu = sample("mu", new Normal(0, 1));
    sample("y", new Normal(mu, 0.001));
  };
  const g = (): void => { sample("mu", new Normal(5, 0.001)); };
  const d = new Predictive<[]>(two, { guide: g, numSamples: 100, seed: 4 }).run();
  assert.ok((d.get("y") as Float64Array).every((y) => Math.abs(y - 5) < 0.01));
  // The guide draws z at its subsample's indices; the model's plate gets the same indices (replay), so "check",
  // drawn at the model's indices, matches z to the draws' width.
  const gp = (): void => { plate("p", 6, { subsampleSize: 2 }, (ind) => { sample("z", new Normal(Float64Array.from(ind), 1e-9)); }); };
  const mp = (): void => {
    plate("p", 6, { subsampleSize: 2 }, (ind) => {
      sample("z", new Normal(new Float64Array(2), 1));
      sample("check", new Normal(Float64Array.from(ind), 1e-9));
    });
  };
  const r = new Predictive<[]>(mp, { guide: gp, numSamples: 30, seed: 5 }).run();
  const z = r.get("z") as Float64Array[], check = r.get("check") as Float64Array[];
  z.forEach((zs, s) => zs.forEach((x, i) => assert.ok(Math.abs(x - check[s]![i]!) < 1e-6)));
  assert.ok(new Set(z.map((zs) => Math.round(zs[0]!))).size > 1); // the subsample changes from draw to draw
});

test("Predictive checks its arguments", () => {
  const err = (f: () => unknown, type: typeof TypeError, re: RegExp) => assert.throws(f, (e: Error) => e instanceof type && re.test(e.message));
  err(() => new Predictive("m" as never, { numSamples: 1 }), TypeError, /^Predictive: model must be a function/);
  err(() => new Predictive(model, undefined as never), TypeError, /^Predictive: options must be an object/);
  err(() => new Predictive(model, {} as never), TypeError, /^Predictive: numSamples must be a number, got undefined/);
  err(() => new Predictive(model, { numSamples: 0 }), RangeError, /^Predictive: numSamples must be an integer >= 1, got 0/);
  err(() => new Predictive(model, { numSamples: 1.5 }), RangeError, /numSamples must be an integer >= 1/);
  err(() => new Predictive(model, { numSamples: 1, guide: 3 as never }), TypeError, /^Predictive: guide must be a function/);
  err(() => new Predictive(model, { numSamples: 1, params: new Map() as never }), TypeError, /^Predictive: params must be a ParamStore/);
  err(() => new Predictive(model, { numSamples: 1, seed: 0.5 }), RangeError, /^Predictive: seed must be an integer/);
  err(() => new Predictive(model, { numSamples: 1, rng: {} as never }), TypeError, /^Predictive: rng must be an Rng/);
  err(() => new Predictive(model, { numSamples: 1, returnSites: "obs" as never }), TypeError, /^Predictive: returnSites must be an array of site names/);
  err(() => new Predictive(model, { numSamples: 1, observed: "fresh" as never }), RangeError, /^Predictive: observed must be "resample" or "keep", got "fresh"/);
});

test("summary: mean, sd (n - 1) and the 5/50/95% quantiles by linear interpolation (NumPy's default, Pyro's quantile)", () => {
  // 0..100 shuffled: mean 50, Σ(i - 50)² = 2·(50·51·101/6) = 85850, quantiles at h = 100p exactly 5, 50, 95.
  const xs = Float64Array.from({ length: 101 }, (_, i) => (i * 37) % 101);
  const s = summary(new Map([["x", xs]])).get("x")!;
  assert.equal(s, { mean: 50, sd: Math.sqrt(85850 / 100), q5: 5, q50: 50, q95: 95 });
  // [4, 1, 3, 2]: h = 3p is 0.15, 1.5, 2.85, so 1.15, 2.5, 3.85 (numpy.quantile([1, 2, 3, 4], [.05, .5, .95])).
  const t = summary(new Map([["y", Float64Array.of(4, 1, 3, 2)]])).get("y")!;
  for (const [k, v] of [["mean", 2.5], ["sd", Math.sqrt(5 / 3)], ["q5", 1.15], ["q50", 2.5], ["q95", 3.85]] as const) {
    assert.ok(Math.abs((t[k] as number) - v) < 1e-15, `${k}: ${t[k]} vs ${v}`);
  }
  assert.equal(summary(new Map([["one", Float64Array.of(3)]])).get("one"), { mean: 3, sd: 0, q5: 3, q50: 3, q95: 3 });
});

test("summary is elementwise for vector sites, and checks its input", () => {
  const draws = [Float64Array.of(1, 40), Float64Array.of(2, 30), Float64Array.of(3, 20), Float64Array.of(4, 10)];
  const s = summary(new Map([["v", draws]])).get("v")!;
  assert.equal([...(s.mean as Float64Array)], [2.5, 25]);
  assert.ok(Math.abs((s.sd as Float64Array)[1]! - 10 * Math.sqrt(5 / 3)) < 1e-13);
  assert.ok(Math.abs((s.q5 as Float64Array)[0]! - 1.15) < 1e-15 && Math.abs((s.q95 as Float64Array)[1]! - 38.5) < 1e-13);
  assert.throws(() => summary({} as never), (e: Error) => e instanceof TypeError && /^summary: samples must be a Map/.test(e.message));
  // One site's draws: its summary, typed by kind.
  assert.equal(summary(Float64Array.of(1, 2, 3)).q50, 2);
  assert.equal([...summary(draws).mean], [2.5, 25]);
  assert.throws(() => summary([Float64Array.of(1), Float64Array.of(1, 2)]), (e: Error) => e instanceof RangeError && /^summary: draws\[1\].length must be 1/.test(e.message));
  assert.throws(() => summary(new Map([["e", new Float64Array(0)]])), (e: Error) => e instanceof RangeError && /summary of "e": draws must be non-empty/.test(e.message));
  assert.throws(() => summary(new Map([["r", [Float64Array.of(1), Float64Array.of(1, 2)]]])), (e: Error) => e instanceof RangeError && /summary of "r": draws\[1\].length must be 1 \(as draws\[0\]'s\), got 2/.test(e.message));
  assert.throws(() => summary(new Map([["n", [1, 2] as never]])), TypeError);
});

test.run();
