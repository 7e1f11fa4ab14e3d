// condition (Pyro's poutine.condition): a named sample site becomes observed with the given value. Expected values
// are closed forms (log-densities written out with special.lbeta) or Pyro 1.8.4's semantics, checked by running
// Pyro: condition marks the site observed, overrides a model's own obs, and a guide draw of a site the model
// observes is reported ("Found non-auxiliary vars in guide but not model").
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Adam, Bernoulli, Beta, SGD, SVI, Tape, TraceELBO, condition, constraints, param, sample, special, trace,
} from "../../src/index.ts";

const flips = Float64Array.of(1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
const { lbeta } = special;
/** log Beta(a, b) density at x, written out. */
const logBeta = (x: number, a: number, b: number): number => (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lbeta(a, b);

/** The coin flip with its observation left to condition: a scalar Bernoulli observed at n values once conditioned. */
function bare(): void {
  const f = sample("latent_fairness", new Beta(10, 10));
  sample("obs", new Bernoulli(f));
}
function withObs(data: Float64Array): void {
  const f = sample("latent_fairness", new Beta(10, 10));
  sample("obs", new Bernoulli(f), { obs: data });
}
const guideAt = (a: number, b: number) => (): void => {
  const alphaQ = param("alpha_q", a, { constraint: constraints.positive });
  const betaQ = param("beta_q", b, { constraint: constraints.positive });
  sample("latent_fairness", new Beta(alphaQ, betaQ));
};

test("the ELBO of a conditioned model equals the ELBO of the model written with obs, draw for draw", () => {
  const conditioned = condition(bare, { obs: flips });
  const a = new SVI<[]>(conditioned, guideAt(15, 15), new SGD({ lr: 0 }), new TraceELBO(), { seed: 3 });
  const b = new SVI<[]>(() => withObs(flips), guideAt(15, 15), new SGD({ lr: 0 }), new TraceELBO(), { seed: 3 });
  for (let i = 0; i < 20; i++) assert.is(a.evaluateLoss(), b.evaluateLoss());
  const ga = a.gradients().grads, gb = b.gradients().grads;
  assert.equal([...ga.get("alpha_q")!], [...gb.get("alpha_q")!]);
});

test("conditioned on the data, the exact posterior guide Beta(16, 14) gives the constant loss -log p(x) = log B(10, 10) - log B(16, 14)", () => {
  const svi = new SVI<[]>(condition(bare, new Map([["obs", flips]])), guideAt(16, 14), new SGD({ lr: 0 }), new TraceELBO(), { seed: 0 });
  const want = lbeta(10, 10) - lbeta(16, 14);
  for (let i = 0; i < 50; i++) assert.ok(Math.abs(svi.evaluateLoss() - want) < 1e-12, `${svi.evaluateLoss()} vs ${want}`);
});

test("conditioning a latent makes it observed: with no guide site left, the loss is -log p(x, z = 0.3) in closed form", () => {
  const svi = new SVI<[Float64Array]>(condition(withObs, { latent_fairness: 0.3 }), () => {}, new SGD({ lr: 0 }), new TraceELBO(), { seed: 0 });
  const want = -(logBeta(0.3, 10, 10) + 6 * Math.log(0.3) + 4 * Math.log(0.7));
  const got = svi.evaluateLoss(flips);
  assert.ok(Math.abs(got - want) < 1e-12 * Math.abs(want), `${got} vs ${want}`);
});

test("condition sets value and observed (Pyro's is_observed), overrides a model's own obs, and ignores names no site has", () => {
  const t = trace(condition(withObs, { latent_fairness: 0.25, nowhere: 1 }))(flips);
  assert.is(t.get("latent_fairness")!.value, 0.25);
  assert.ok(t.get("latent_fairness")!.observed);
  assert.ok(!t.has("nowhere"));
  // Pyro: poutine.condition(model, {"obs": zeros}) replaces the model's obs=data with zeros, still observed.
  const zeros = new Float64Array(10);
  const u = trace(condition(withObs, { obs: zeros }))(flips);
  assert.is(u.get("obs")!.value, zeros);
  assert.ok(u.get("obs")!.observed);
  // Unconditioned sites are untouched, and an entry whose value is undefined (Pyro's None) conditions nothing.
  const v = trace(condition(withObs, { latent_fairness: undefined as never }))(flips);
  assert.ok(!v.get("latent_fairness")!.observed);
  // The conditioned value is what the model computes with: a node stays a node.
  const node = new Tape().variable(0.5);
  let seen: unknown;
  trace(condition(() => { seen = sample("z", new Beta(2, 2)); }, { z: node }))();
  assert.is(seen, node);
});

test("a guide that still draws a conditioned site: an error by default, a warning with 'warn' (Pyro warns), silent with 'ignore'", () => {
  const conditioned = condition(withObs, { latent_fairness: 0.5 });
  const guide = guideAt(15, 15);
  const svi = new SVI(conditioned, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  assert.throws(() => svi.step(flips), /sample "latent_fairness": the guide draws this latent site but the model observes it/);
  assert.is(svi.params.size, 0);
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => warnings.push(m);
  try {
    const w = new SVI(conditioned, guide, new SGD({ lr: 0 }), new TraceELBO({ unmatchedGuideSites: "warn" }), { seed: 0 });
    const q = new SVI(conditioned, guide, new SGD({ lr: 0 }), new TraceELBO({ unmatchedGuideSites: "ignore" }), { seed: 0 });
    for (let i = 0; i < 3; i++) assert.is(w.evaluateLoss(flips), q.evaluateLoss(flips));
  } finally {
    console.warn = warn;
  }
  assert.is(warnings.length, 1);
  assert.match(warnings[0]!, /"latent_fairness".*observes it/);
});

test("condition checks its arguments", () => {
  assert.throws(() => condition("model" as never, {}), (e: Error) => e instanceof TypeError && /condition: fn must be a function/.test(e.message));
  assert.throws(() => condition(bare, null as never), (e: Error) => e instanceof TypeError && /condition: data must be a Map or record/.test(e.message));
  assert.throws(() => condition(bare, [] as never), TypeError);
  assert.throws(() => condition(bare, { obs: [1, 0] as never }), (e: Error) => e instanceof TypeError && /condition: data\["obs"\] must be a number, Float64Array, Var or Vec, got Array\(2\)/.test(e.message));
  assert.throws(() => condition(bare, new Map([["obs", "1" as never]])), TypeError);
});

test.run();
