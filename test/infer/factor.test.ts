// factor and ImproperUniform (src/infer/factor.ts): a prior known only up to a constant, p(v) ∝ e^(-v/2), written
// as a flat latent plus a factor, scored at the guide's draw exactly as the hand-written log density; a factor's
// vector in a plate is summed and scaled; ImproperUniform checks its support and never draws.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  ImproperUniform, Normal, SGD, SVI, TraceELBO, constraints, createRng, factor, mul, param, plate, sample,
  scale, seed, trace, valueAndGrad, type Var,
} from "../../src/index.ts";

const logNormal = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

// v has the improper prior e^(-v/2) on ℝ, y ~ Normal(v, 1) observed; the guide is Normal(0.4, 0.7).
const y = 1.3;
const model = (): void => {
  const v = sample("v", new ImproperUniform(constraints.real));
  factor("v_prior", mul(-0.5, v));
  sample("y", new Normal(v, 1), { obs: y });
};
const guide = (): void => {
  sample("v", new Normal(param("loc", 0.4), param("scale", 0.7, { constraint: constraints.positive })));
};

test("the ELBO of a flat latent plus a factor is -[−v/2 + log N(y; v, 1) − log q(v)] at the guide's draw, exactly", () => {
  for (const s of [1, 2, 3]) {
    const v = trace(seed(guide, createRng(s)))().get("v")!.value as number;
    const expected = -(-0.5 * v + logNormal(y, v, 1) - logNormal(v, 0.4, 0.7));
    const got = seed(() => new TraceELBO().loss(model, guide, []).loss, createRng(s))();
    assert.ok(Math.abs(got - expected) <= 1e-14 * Math.max(1, Math.abs(expected)), `seed ${s}: ${got} vs ${expected}`);
  }
});

test("SVI fits the posterior of the factor's prior: N(y − 1/2, 1), exactly reachable by the Normal guide", () => {
  // p(v | y) ∝ e^(-v/2) e^(-(y-v)²/2) = N(v; y - 1/2, 1): loc → 0.8, scale → 1.
  const svi = new SVI(model, guide, new SGD({ lr: 0.01 }), new TraceELBO({ stickTheLanding: true }), { seed: 4 });
  for (let i = 0; i < 4000; i++) svi.step();
  assert.ok(Math.abs(svi.params.get<number>("loc") - (y - 0.5)) < 1e-3, `loc ${svi.params.get("loc")}`);
  assert.ok(Math.abs(svi.params.get<number>("scale") - 1) < 1e-3, `scale ${svi.params.get("scale")}`);
});

test("a factor of a vector inside a plate adds its sum, times the plate's and scale's factors; its gradient flows", () => {
  const terms = Float64Array.of(0.5, -2, 0.25);
  const site = trace(() => scale(() => plate("g", 3, () => factor("f", terms)), 2)())().get("f")!;
  assert.is(site.observed, true);
  assert.is(site.fn!.logProbSum(0), 0.5 - 2 + 0.25);
  assert.is(site.scale, 2);
  const { grad } = valueAndGrad((w: Var) => {
    const t = trace(() => factor("f", mul(w, 3)))().get("f")!;
    return t.fn!.logProbSum(0) as Var;
  })(1.5);
  assert.equal(grad, [3]);
});

test("ImproperUniform: log p = 0 on its support, a RangeError outside it, no draws; a latent only the guide can draw", () => {
  const d = new ImproperUniform(constraints.positive);
  assert.is(d.logProb(2.5), 0);
  assert.equal(d.logProb(Float64Array.of(1, 2)), new Float64Array(2));
  assert.throws(() => d.logProb(-1), RangeError);
  assert.throws(() => (d.sample as (r: unknown) => unknown)(createRng(1)), (e: Error) => e instanceof TypeError && /guide must draw/.test(e.message));
  assert.throws(() => new ImproperUniform(1 as never), (e: Error) => e instanceof TypeError && /ImproperUniform: support/.test(e.message));
  // Outside SVI the default draw of such a site has nothing to draw from.
  assert.throws(() => model(), TypeError);
  // Inside SVI, a guide that does not draw it: the ELBO names the site.
  const svi = new SVI(model, () => {}, new SGD({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  assert.throws(() => svi.step(), /"v"/);
});

test("factor's arguments: a TypeError naming each", () => {
  assert.throws(() => factor(1 as never, 0), (e: Error) => e instanceof TypeError && /factor: name/.test(e.message));
  for (const bad of ["1", null, undefined, [1], {}]) {
    assert.throws(() => factor("f", bad as never), (e: Error) => e instanceof TypeError && /factor: logFactor/.test(e.message));
  }
});

test.run();
