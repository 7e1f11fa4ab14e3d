// AutoDelta, AutoNormal and AutoMeanField one by one: the guide is a function SVI takes, its parameters' names and
// shapes (Pyro's naming), its initial values, median and quantiles against closed forms of the fitted family,
// plates with subsampling, and the errors it raises.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import {
  Adam, AutoDelta, AutoMeanField, AutoNormal, Bernoulli, Beta, Categorical, ClippedAdam, Delta, Dirichlet, Gamma, Normal,
  Poisson, SGD, SVI, TraceELBO, TraceMeanFieldELBO, TransformedNormal, Uniform, constraints, gather, plate, sample,
} from "../../src/index.ts";
import { LOG_SQRT_2PI, lbeta } from "../../src/special/index.ts";

const { quantiles: fixture } = JSON.parse(readFileSync(new URL("../fixtures/autoguides.json", import.meta.url), "utf8")) as {
  quantiles: { normal: { p: number; x: number }[] };
};
/** Φ⁻¹(p) from the fixture (40-digit roots of mpmath's ncdf). */
const z = (p: number): number => fixture.normal.find((r) => r.p === p)!.x;
const close = (x: number, want: number, tol: number, what: string): void => assert.ok(Math.abs(x - want) <= tol * Math.max(1, Math.abs(want)), `${what}: ${x} vs ${want}`);
const sigmoid = (u: number): number => 1 / (1 + Math.exp(-u));

/** A scalar positive latent, a batch of 3 unit-interval latents, and a Dirichlet latent on the 3-simplex. */
function mixed(): void {
  const rate = sample("rate", new Gamma(2, 4));
  const p = sample("p", new Beta(Float64Array.of(1, 2, 3), 1));
  const w = sample("w", new Dirichlet(Float64Array.of(1, 1, 2)));
  sample("count", new Poisson(rate), { obs: 3 });
  sample("flip", new Bernoulli(gather(p, Int32Array.of(0, 1, 2))), { obs: Float64Array.of(1, 0, 1) });
  sample("pick", new Bernoulli(gather(w, Int32Array.of(2))), { obs: Float64Array.of(1) });
}

/** An SVI run with a zero learning rate after one step: the guide's parameters at their initial values. */
function started<G extends (...args: []) => void>(guide: G): SVI<[]> {
  const svi = new SVI(mixed, guide, new SGD({ lr: 0 }), new TraceELBO(), { seed: 0 });
  svi.step();
  return svi;
}

test("an autoguide is a function of the model's arguments that SVI takes as the guide, an instance of its class", () => {
  for (const guide of [new AutoDelta(mixed), new AutoNormal(mixed), new AutoMeanField(mixed)]) {
    assert.is(typeof guide, "function");
    assert.ok(guide instanceof AutoDelta || guide instanceof AutoNormal || guide instanceof AutoMeanField);
    started(guide);
    assert.equal(guide.sites().map((s) => s.name), ["rate", "p", "w"]);
    assert.is(guide.model, mixed);
  }
});

test("AutoDelta: one parameter AutoDelta.<site> per latent, at the prior's mean; the simplex one as its K - 1 stick-breaking coordinates", () => {
  const svi = started(new AutoDelta(mixed));
  assert.equal(svi.params.names(), ["AutoDelta.rate", "AutoDelta.p", "AutoDelta.w"]);
  close(svi.params.get("AutoDelta.rate"), 0.5, 1e-15, "rate"); // Gamma(2, 4) mean
  const p = svi.params.get<Float64Array>("AutoDelta.p");
  [1 / 2, 2 / 3, 3 / 4].forEach((m, i) => close(p[i]!, m, 1e-15, `p[${i}]`)); // Beta(a, 1) means a/(a + 1)
  assert.is(svi.params.entry("AutoDelta.p").constraint.spec.type, "unitInterval");
  assert.is(svi.params.get<Float64Array>("AutoDelta.w").length, 2);
  assert.is(svi.params.entry("AutoDelta.w").constraint.spec.type, "real");
});

test("AutoDelta: median and every quantile are the point itself (the simplex one back on the simplex)", () => {
  const guide = new AutoDelta(mixed), svi = started(guide);
  const median = guide.median(svi.params);
  close(median.get("rate") as number, 0.5, 1e-15, "rate");
  const w = median.get("w") as Float64Array;
  [0.25, 0.25, 0.5].forEach((m, i) => close(w[i]!, m, 1e-15, `w[${i}]`));
  const q = guide.quantiles([0.05, 0.95], svi.params).get("rate") as Float64Array;
  assert.equal([...q], [median.get("rate"), median.get("rate")]);
});

test("AutoDelta finds the MAP: the mode of Beta(4, 2), 3/4, and of Gamma(7, 4), 3/2", () => {
  const flips = (): void => {
    const p = sample("p", new Beta(1, 1));
    plate("data", 4, () => sample("obs", new Bernoulli(p), { obs: Float64Array.of(0, 1, 1, 1) }));
  };
  const counts = (): void => {
    const r = sample("r", new Gamma(1, 1));
    plate("data", 3, () => sample("obs", new Poisson(r), { obs: Float64Array.of(1, 2, 3) }));
  };
  for (const [model, site, mode] of [[flips, "p", 0.75], [counts, "r", 1.5]] as const) {
    const guide = new AutoDelta(model);
    const svi = new SVI(model, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
    for (let k = 0; k < 4000; k++) svi.step();
    close(guide.median(svi.params).get(site) as number, mode, 1e-6, site);
  }
});

test("AutoNormal: locs and scales per latent, of the unconstrained shape, started at T⁻¹(prior mean) and initScale", () => {
  const svi = started(new AutoNormal(mixed, { initScale: 0.2 }));
  assert.equal(svi.params.names(), [
    "AutoNormal.locs.rate", "AutoNormal.scales.rate", "AutoNormal.locs.p", "AutoNormal.scales.p", "AutoNormal.locs.w", "AutoNormal.scales.w",
  ]);
  close(svi.params.get("AutoNormal.locs.rate"), Math.log(0.5), 1e-15, "locs.rate");
  close(svi.params.get("AutoNormal.scales.rate"), 0.2, 1e-15, "scales.rate");
  assert.is(svi.params.entry("AutoNormal.scales.rate").constraint.spec.type, "positive");
  const p = svi.params.get<Float64Array>("AutoNormal.locs.p");
  [1 / 2, 2 / 3, 3 / 4].forEach((m, i) => close(p[i]!, Math.log(m / (1 - m)), 1e-15, `locs.p[${i}]`));
  assert.is(svi.params.get<Float64Array>("AutoNormal.locs.w").length, 2);
  assert.is(svi.params.get<Float64Array>("AutoNormal.scales.w").length, 2);
});

test("AutoNormal: median T(loc), quantiles T(loc + scale·Φ⁻¹(q)) for exp, σ and (at u = 0) the stick-breaking map", () => {
  const guide = new AutoNormal(mixed), svi = started(guide);
  svi.params.set("AutoNormal.locs.rate", 0.3);
  svi.params.set("AutoNormal.scales.rate", 0.7);
  svi.params.set("AutoNormal.locs.p", Float64Array.of(-1, 0, 2));
  svi.params.set("AutoNormal.scales.p", Float64Array.of(0.5, 1, 2));
  svi.params.set("AutoNormal.locs.w", Float64Array.of(0, 0));
  const median = guide.median(svi.params);
  close(median.get("rate") as number, Math.exp(0.3), 1e-15, "median rate");
  const w = median.get("w") as Float64Array;
  w.forEach((v, i) => close(v, 1 / 3, 1e-15, `median w[${i}]`)); // u = 0 maps to the centre of the simplex
  const qs = guide.quantiles([0.05, 0.95], svi.params);
  const rate = qs.get("rate") as Float64Array;
  close(rate[0]!, Math.exp(0.3 + 0.7 * z(0.05)), 1e-14, "rate q05");
  close(rate[1]!, Math.exp(0.3 + 0.7 * z(0.95)), 1e-14, "rate q95");
  const p = qs.get("p") as Float64Array[];
  assert.is(p.length, 2);
  [[-1, 0.5], [0, 1], [2, 2]].forEach(([l, s], i) => {
    close(p[0]![i]!, sigmoid(l! + s! * z(0.05)), 1e-14, `p[${i}] q05`);
    close(p[1]![i]!, sigmoid(l! + s! * z(0.95)), 1e-14, `p[${i}] q95`);
  });
});

test("TransformedNormal's log density is the change of variables: log N(logit z; μ, σ) - log(z(1 - z)) on [0, 1]", () => {
  const d = new TransformedNormal(0.4, 1.3, constraints.unitInterval);
  for (const x of [0.01, 0.3, 0.9]) {
    const u = Math.log(x / (1 - x)), want = -0.5 * ((u - 0.4) / 1.3) ** 2 - Math.log(1.3) - LOG_SQRT_2PI - Math.log(x * (1 - x));
    close(d.logProb(x) as number, want, 1e-14, `x ${x}`);
  }
  assert.throws(() => d.mean, /no closed form/);
});

test("AutoMeanField: the native family's parameters per latent, AutoMeanField.<site>.<parameter>, mean at the prior's", () => {
  const svi = started(new AutoMeanField(mixed));
  assert.equal(svi.params.names(), [
    "AutoMeanField.rate.concentration", "AutoMeanField.rate.rate",
    "AutoMeanField.p.concentration1", "AutoMeanField.p.concentration0",
    "AutoMeanField.w.concentration",
  ]);
  // initScale 0.1: Gamma(100, 100/m) and Beta / Dirichlet of total concentration 100, each with the prior's mean.
  close(svi.params.get("AutoMeanField.rate.concentration"), 100, 1e-15, "concentration");
  close(svi.params.get("AutoMeanField.rate.rate"), 200, 1e-15, "rate");
  const a = svi.params.get<Float64Array>("AutoMeanField.p.concentration1"), b = svi.params.get<Float64Array>("AutoMeanField.p.concentration0");
  [1 / 2, 2 / 3, 3 / 4].forEach((m, i) => {
    close(a[i]!, 100 * m, 1e-14, `concentration1[${i}]`);
    close(b[i]!, 100 * (1 - m), 1e-14, `concentration0[${i}]`);
  });
  assert.equal([...svi.params.get<Float64Array>("AutoMeanField.w.concentration")].map((x) => Math.round(x * 1e12) / 1e12), [25, 25, 50]);
});

test("AutoMeanField: median and quantiles of the factors in closed form (Exponential, Beta(a, 1), Dirichlet's Beta(1, b) marginal, Normal)", () => {
  const guide = new AutoMeanField(mixed), svi = started(guide);
  svi.params.set("AutoMeanField.rate.concentration", 1); // Gamma(1, 2) = Exponential(2)
  svi.params.set("AutoMeanField.rate.rate", 2);
  svi.params.set("AutoMeanField.p.concentration1", Float64Array.of(3, 0.5, 2));
  svi.params.set("AutoMeanField.p.concentration0", Float64Array.of(1, 1, 1));
  svi.params.set("AutoMeanField.w.concentration", Float64Array.of(1, 2, 1)); // marginals Beta(1, 3), Beta(2, 2), Beta(1, 3)
  const qs = [0.05, 0.5, 0.95], out = guide.quantiles(qs, svi.params), median = guide.median(svi.params);
  const rate = out.get("rate") as Float64Array, p = out.get("p") as Float64Array[], w = out.get("w") as Float64Array[];
  qs.forEach((q, k) => {
    close(rate[k]!, -Math.log1p(-q) / 2, 1e-13, `rate q${q}`);
    [3, 0.5, 2].forEach((a, i) => close(p[k]![i]!, q ** (1 / a), 1e-13, `p[${i}] q${q}`));
    close(w[k]![0]!, 1 - (1 - q) ** (1 / 3), 1e-13, `w[0] q${q}`);
  });
  close(median.get("rate") as number, Math.LN2 / 2, 1e-13, "median rate");
  close((median.get("w") as Float64Array)[1]!, 0.5, 1e-13, "median w[1]"); // Beta(2, 2) is symmetric

  const real = (): void => {
    sample("x", new Normal(0, 1));
  };
  const g = new AutoMeanField(real), s = new SVI(real, g, new SGD({ lr: 0 }), new TraceELBO(), { seed: 0 });
  s.step();
  s.params.set("AutoMeanField.x.loc", 1.5);
  s.params.set("AutoMeanField.x.scale", 0.4, { constraint: constraints.positive });
  const x = g.quantiles([0.05, 0.95], s.params).get("x") as Float64Array;
  close(x[0]!, 1.5 + 0.4 * z(0.05), 1e-14, "x q05");
  close(g.median(s.params).get("x") as number, 1.5, 0, "x median");
});

test("a latent in a subsampled plate gets parameters of the plate's full size, and a step moves only the subsample's entries", () => {
  const data = Float64Array.from({ length: 10 }, (_, i) => i + 1);
  const model = (y: Float64Array): void => {
    plate("data", 10, { subsampleSize: 3 }, (idx) => {
      const mu = sample("mu", new Normal(new Float64Array(idx.length), 10));
      sample("y", new Normal(mu, 1), { obs: gather(y, idx) });
    });
  };
  for (const [guide, name] of [[new AutoNormal(model), "AutoNormal.locs.mu"], [new AutoDelta(model), "AutoDelta.mu"], [new AutoMeanField(model), "AutoMeanField.mu.loc"]] as const) {
    const svi = new SVI(model, guide, new SGD({ lr: 0.01 }), new TraceELBO(), { seed: 3 });
    svi.step(data);
    const before = svi.params.get<Float64Array>(name);
    assert.is(before.length, 10, name);
    svi.step(data);
    const moved = svi.params.get<Float64Array>(name).filter((v, i) => v !== before[i]).length;
    assert.is(moved, 3, name);
    assert.equal(guide.sites()[0]!.plate, { name: "data", size: 10, subsampleSize: 3 });
  }
});

test("a scalar prior inside a plate is a batch of the plate's size: one latent per group, subsampled or not", () => {
  for (const options of [{}, { subsampleSize: 2 }]) {
    const model = (): void => {
      plate("groups", 6, options, () => {
        sample("theta", new Beta(2, 3));
      });
    };
    for (const [guide, name] of [[new AutoNormal(model), "AutoNormal.locs.theta"], [new AutoMeanField(model), "AutoMeanField.theta.concentration1"]] as const) {
      const svi = new SVI(model, guide, new SGD({ lr: 0.1 }), new TraceELBO(), { seed: 0 });
      svi.step();
      assert.is(svi.params.get<Float64Array>(name).length, 6, `${name} ${JSON.stringify(options)}`);
      assert.equal(guide.sites()[0]!.init, new Float64Array(6).fill(0.4));
    }
  }
});

test("an init function sets a site's start; undefined falls back to the prior's mean", () => {
  const guide = new AutoDelta(mixed, { init: (site) => (site.name === "rate" ? 2.5 : undefined) }), svi = started(guide);
  assert.is(svi.params.get("AutoDelta.rate"), 2.5);
  close(svi.params.get<Float64Array>("AutoDelta.p")[0]!, 0.5, 1e-15, "p[0]");
});

test("errors: a discrete latent, a support without a native family, a bad init, use before the first call, bad arguments", () => {
  const discrete = (): void => {
    sample("k", new Poisson(3));
  };
  for (const G of [AutoDelta, AutoNormal, AutoMeanField]) {
    const svi = new SVI(discrete, new G(discrete), new SGD({ lr: 0.1 }), new TraceELBO(), { seed: 0 });
    assert.throws(() => svi.step(), (e: Error) => e instanceof TypeError && /: sample "k": support must be .*, got "nonnegativeInteger"/.test(e.message));
  }
  const bounded = (): void => {
    sample("x", new Uniform(0, 2));
  };
  const svi = new SVI(bounded, new AutoMeanField(bounded), new SGD({ lr: 0.1 }), new TraceELBO(), { seed: 0 });
  assert.throws(() => svi.step(), /AutoMeanField: sample "x": support must be one with a native family/);
  // AutoNormal takes the interval: its σ-transformed Normal.
  new SVI(bounded, new AutoNormal(bounded), new SGD({ lr: 0.1 }), new TraceELBO(), { seed: 0 }).step();

  const badInit = new AutoNormal(mixed, { init: () => -1 });
  assert.throws(() => started(badInit), (e: Error) => e instanceof RangeError && /AutoNormal: sample "rate": init value must be .*, got -1/.test(e.message));

  const fresh = new AutoNormal(mixed);
  assert.throws(() => fresh.median(new SVI(mixed, fresh, new SGD({ lr: 0 }), new TraceELBO()).params), /AutoNormal: the guide has not run yet/);
  const guide = new AutoNormal(mixed), run = started(guide);
  assert.throws(() => guide.quantiles([0.5, 1], run.params), (e: Error) => e instanceof RangeError && /quantiles\[1\] must be in \(0, 1\), got 1/.test(e.message));
  assert.throws(() => guide.quantiles(0.5 as never, run.params), TypeError);
  assert.throws(() => guide.median({} as never), /AutoNormal.median: params must be a ParamStore/);
  assert.throws(() => new AutoNormal(42 as never), /AutoNormal: model must be a function, got 42/);
  assert.throws(() => new AutoNormal(mixed, { initScale: -1 }), (e: Error) => e instanceof RangeError && /AutoNormal: initScale must be finite and > 0/.test(e.message));
  assert.throws(() => new AutoMeanField(mixed, { init: "mean" as never }), /AutoMeanField: init must be a function/);
});

test("AutoMeanField lands on a Dirichlet-Categorical posterior, Dirichlet(1 + counts) = (3, 2, 5); AutoNormal's stick-breaking Normal fits the simplex too", () => {
  const obs = Float64Array.of(0, 2, 2, 1, 2, 0, 2);
  const model = (): void => {
    const w = sample("w", new Dirichlet(Float64Array.of(1, 1, 1)));
    sample("obs", new Categorical(w), { obs });
  };
  const fit = (guide: AutoMeanField<[]> | AutoNormal<[]>): SVI<[]> => {
    const svi = new SVI(model, guide, new ClippedAdam({ lr: 0.05, lrd: 0.01 ** (1 / 3000) }), new TraceELBO({ stickTheLanding: true }), { seed: 0 });
    for (let k = 0; k < 3000; k++) svi.step();
    return svi;
  };
  const concentration = fit(new AutoMeanField(model, { initScale: 0.5 })).params.get<Float64Array>("AutoMeanField.w.concentration");
  [3, 2, 5].forEach((a, k) => close(concentration[k]!, a, 1e-9, `concentration[${k}]`));
  // AutoNormal's median, the stick-breaking image of loc, is a point of the simplex near the posterior's mean.
  const normal = new AutoNormal(model, { initScale: 0.5 }), median = normal.median(fit(normal).params).get("w") as Float64Array;
  close(median.reduce((s, x) => s + x, 0), 1, 1e-15, "Σ median");
  [0.3, 0.2, 0.5].forEach((m, k) => assert.ok(Math.abs(median[k]! - m) < 0.05, `median[${k}] ${median[k]} vs mean ${m}`));
});

test("with TraceMeanFieldELBO, AutoMeanField's Beta factor meets the Beta prior in closed form: at the exact posterior its loss varies around -log p(x), where TraceELBO's is -log p(x) on every draw", () => {
  const data = Float64Array.of(1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
  const model = (d: Float64Array): void => {
    const f = sample("f", new Beta(10, 10));
    sample("obs", new Bernoulli(f), { obs: d });
  };
  const minusLogEvidence = lbeta(10, 10) - lbeta(16, 14);
  const atPosterior = (elbo: TraceELBO): SVI<[Float64Array]> => {
    const svi = new SVI(model, new AutoMeanField(model), new SGD({ lr: 0 }), elbo, { seed: 1 });
    svi.step(data);
    svi.params.set("AutoMeanField.f.concentration1", 16);
    svi.params.set("AutoMeanField.f.concentration0", 14);
    return svi;
  };
  const plain = atPosterior(new TraceELBO()), meanField = atPosterior(new TraceMeanFieldELBO());
  const n = 4000;
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    close(plain.evaluateLoss(data), minusLogEvidence, 1e-12, `TraceELBO draw ${i}`);
    const l = meanField.evaluateLoss(data);
    s += l;
    s2 += l * l;
  }
  const mean = s / n, se = Math.sqrt((s2 / n - mean * mean) / n);
  assert.ok(se > 1e-3, `se ${se}: the closed-form KL leaves log p(x | z) sampled`);
  assert.ok(Math.abs(mean - minusLogEvidence) < 4 * se, `${mean} vs ${minusLogEvidence} (se ${se})`);
});

test("Delta: log density 0 at its point and -∞ elsewhere; its draw is the point", () => {
  const d = new Delta(Float64Array.of(1, 2));
  assert.equal([...(d.logProb(Float64Array.of(1, 3)) as Float64Array)], [0, -Infinity]);
  assert.is(d.logProbSum(Float64Array.of(1, 2)), 0);
  assert.equal([...(d.rsample() as Float64Array)], [1, 2]);
});

test.run();
