// intervene (Pyro's poutine.do): the model computes with the given value, which adds no log-density term, and a
// fresh latent site of the same name stays in the trace. Pyro 1.8.4's semantics, checked by running it: the trace
// of do(model, {z: 3}) has a latent "z" drawn from its prior and "y" drawn from Normal(3, 1); composed with
// condition (either order), "z" is observed at the conditioned value and "y" still has loc 3.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Normal, SGD, SVI, TraceELBO, condition, createRng, intervene, param, sample, seed, trace } from "../../src/index.ts";

function model(y: number): number {
  const z = sample("z", new Normal(0, 1)) as number;
  sample("y", new Normal(z, 1), { obs: y });
  return z;
}
/** log N(x | m, s), written out. */
const logNormal = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

test("the model sees the intervened value; the trace keeps a fresh latent z from the prior, unobserved", () => {
  const free = (): void => { const z = sample("z", new Normal(0, 1)); sample("y", new Normal(z, 1)); };
  assert.is(intervene(model, { z: 3 })(0), 3);
  const u = trace(seed(intervene(free, { z: 3 }), createRng(1)))();
  assert.equal([...u.keys()], ["z", "y"]);
  assert.ok(!u.get("z")!.observed && u.get("z")!.value !== 3);
  assert.is((u.get("y")!.fn as Normal).loc, 3);
  // A Map works too, and a name that no site has changes nothing.
  const w = trace(intervene(free, new Map([["nowhere", 1]])))();
  assert.is((w.get("y")!.fn as Normal).loc, w.get("z")!.value);
});

test("in the ELBO the intervened value has no log p term: loss = log q(z) - log p(z) - log N(y | 3, 1) at the guide's draw z", () => {
  const guide = (_y: number): void => {
    const loc = param("loc", 0.2), s = param("s", 0.5);
    sample("z", new Normal(loc, s));
  };
  const svi = new SVI(intervene(model, { z: 3 }), guide, new SGD({ lr: 0 }), new TraceELBO(), { seed: 2 });
  const z = trace(seed(guide, createRng(2)))(1.5).get("z")!.value as number;
  const want = logNormal(z, 0.2, 0.5) - logNormal(z, 0, 1) - logNormal(1.5, 3, 1);
  const got = svi.evaluateLoss(1.5);
  assert.ok(Math.abs(got - want) < 1e-12 * Math.abs(want), `${got} vs ${want}`);
});

test("with condition, in either order: z observed at the conditioned value, y computed from the intervened one (Pyro's counterfactual)", () => {
  const free = (): void => { const z = sample("z", new Normal(0, 1)); sample("y", new Normal(z, 1)); };
  for (const f of [condition(intervene(free, { z: 3 }), { z: 0.5 }), intervene(condition(free, { z: 0.5 }), { z: 3 })]) {
    const t = trace(f)();
    assert.is(t.get("z")!.value, 0.5);
    assert.ok(t.get("z")!.observed);
    assert.is((t.get("y")!.fn as Normal).loc, 3);
  }
  // Nested interventions on one name: the inner value reaches the model, and the trace has one site "z".
  const t = trace(intervene(intervene(free, { z: 3 }), { z: 7 }))();
  assert.equal([...t.keys()], ["z", "y"]);
  assert.is((t.get("y")!.fn as Normal).loc, 3);
});

test("intervene checks its arguments", () => {
  assert.throws(() => intervene(1 as never, {}), (e: Error) => e instanceof TypeError && /^intervene: fn must be a function/.test(e.message));
  assert.throws(() => intervene(model, null as never), (e: Error) => e instanceof TypeError && /^intervene: data must be a Map or record/.test(e.message));
  assert.throws(() => intervene(model, { z: "3" as never }), (e: Error) => e instanceof TypeError && /^intervene: data\["z"\] must be a number, Float64Array, Var or Vec, got "3"/.test(e.message));
});

test.run();
