// SVI's guards: a step is all or nothing (a throwing optimizer, a parameter pushed out of its constraint), steps do
// not nest, an optimizer serves one run, a replaced parameter restarts its optimizer state, and a guide site the
// model lacks is reported. Each failure leaves the run exactly as it was (the checkpoint JSON is compared).
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Adam, Beta, Gamma, SGD, SVI, TraceELBO, checkpoint, constraints, param, restore, sample, valueOf, type Optimizer,
  type OptimizerState,
} from "../../src/index.ts";
import { data, guide, model } from "../../bench/coin-flip.ts";

// The README coin flip (bench/coin-flip.ts), the model and guide every SVI here is built on.
const snapshot = <A extends unknown[]>(svi: SVI<A>): string => JSON.stringify(checkpoint(svi));

function expectUnchanged<A extends unknown[]>(svi: SVI<A>, run: () => unknown, message: RegExp): void {
  const before = snapshot(svi);
  assert.throws(run, message);
  assert.is(snapshot(svi), before);
}

test("an optimizer that throws on its second update moves no parameter: the step is all or nothing", () => {
  let calls = 0, armed = false;
  const inner = new SGD({ lr: 0.01 });
  const flaky: Optimizer = {
    update(name, x, g) {
      if (armed && ++calls === 2) throw new Error("flaky optimizer");
      inner.update(name, x, g);
    },
    getState: () => ({ kind: "flaky", options: {}, params: {} }),
    setState() {},
  };
  const svi = new SVI(model, guide, flaky, new TraceELBO(), { seed: 1 });
  for (let i = 0; i < 3; i++) svi.step(data);
  armed = true;
  expectUnchanged(svi, () => svi.step(data), /flaky optimizer/);
  // The next step is the step that failed, taken from the same rng state: it matches a twin run's.
  const twin = new SVI(model, guide, new SGD({ lr: 0.01 }), new TraceELBO(), { seed: 1 });
  for (let i = 0; i < 4; i++) twin.step(data);
  svi.step(data);
  assert.is(svi.params.get("alpha_q"), twin.params.get("alpha_q"));
  assert.is(svi.params.get("beta_q"), twin.params.get("beta_q"));
});

test("an update that would push a parameter outside its constraint is rejected, naming it; Adam's state is put back", () => {
  // Adam moves u by about lr per step: lr 1000 takes u = log 15 to about -997, and exp(-997) = 0 is not positive.
  const svi = new SVI(model, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 2 });
  for (let i = 0; i < 5; i++) svi.step(data);
  const big = new SVI(model, guide, new Adam({ lr: 1000 }), new TraceELBO(), { seed: 2 });
  // Continue svi's run (moments and step counts) under lr 1000.
  const cp = checkpoint(svi);
  cp.optim.options["lr"] = 1000;
  for (const r of Object.values(cp.optim.params)) r["lr"] = 1000;
  restore(big, cp);
  expectUnchanged(big, () => big.step(data), /^SVI.step: param "(alpha|beta)_q": value after the update must be finite and inside positive, got (0|Infinity) \(unconstrained -?\d+.*\); the step was not taken$/);
});

test("an update to a non-finite value is rejected (SGD with a huge learning rate), naming the parameter", () => {
  // d(-log Gamma(1; w, 1))/dw = ψ(w) at w = 1 is -γ: the step adds 1e308·γ·(many observations) to w, which overflows.
  const m = (): void => { sample("y", new Gamma(param("w", 1), 1), { obs: new Float64Array(1000).fill(1) }); };
  const svi = new SVI(m, () => {}, new SGD({ lr: 1e308 }), new TraceELBO(), { seed: 0 });
  expectUnchanged(svi, () => svi.step(), /param "w": value after the update must be finite and inside real, got Infinity \(unconstrained Infinity\)/);
});

test("svi.step from inside its own model throws before anything changes, and the run carries on", () => {
  let svi: SVI<[Float64Array]> | undefined, reenter = false;
  const m = (d: Float64Array): void => {
    model(d);
    if (reenter) svi!.step(d);
  };
  svi = new SVI(m, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  svi.step(data);
  reenter = true;
  expectUnchanged(svi, () => svi!.step(data), /SVI.step: called from inside its own model or guide/);
  reenter = false;
  const twin = new SVI(model, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  twin.step(data);
  assert.is(svi.step(data), twin.step(data));
});

test("another SVI's step inside a model is refused (runs do not nest); checkpoint and restore inside a step too", () => {
  const inner = new SVI(model, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  const outer = new SVI((d: Float64Array) => { model(d); inner.step(d); }, guide, new Adam({ lr: 0.01 }), new TraceELBO());
  const innerBefore = snapshot(inner);
  expectUnchanged(outer, () => outer.step(data), /SVI.step: called inside another SVI's step/);
  assert.is(snapshot(inner), innerBefore);
  let self: SVI<[Float64Array]> | undefined;
  self = new SVI((d: Float64Array) => { model(d); checkpoint(self!); }, guide, new Adam(), new TraceELBO());
  assert.throws(() => self!.step(data), /SVI.checkpoint: called from inside this run's step/);
});

test("one optimizer cannot serve two SVI runs", () => {
  const adam = new Adam({ lr: 0.01 });
  new SVI(model, guide, adam, new TraceELBO());
  assert.throws(() => new SVI(model, guide, adam, new TraceELBO()), /SVI: optim belongs to another SVI run/);
});

test("svi.params.set with a new length restarts that parameter's optimizer state (no NaN on the next step)", () => {
  const m = (): void => {
    const w = param("w", new Float64Array(2).fill(1), { constraint: constraints.positive });
    // (A cast until Gamma's parameters are typed as vectors: its ops already accept them.)
    sample("y", new Gamma(w as never, 1), { obs: new Float64Array(valueOf(w).length).fill(1) });
  };
  const svi = new SVI<[]>(m, () => {}, new Adam({ lr: 0.1 }), new TraceELBO(), { seed: 0 });
  for (let i = 0; i < 3; i++) svi.step();
  svi.params.set("w", new Float64Array(3).fill(2));
  svi.step();
  const w = svi.params.get<Float64Array>("w");
  assert.is(w.length, 3);
  assert.ok(w.every(Number.isFinite), `${w}`);
  const record = checkpoint(svi).optim.params["w"]!;
  assert.is(record["step"], 1);
  assert.is((record["m"] as number[]).length, 3);
});

test("a guide site the model lacks is an error by default, a warning once per name with 'warn', silent with 'ignore'", () => {
  const typo = (d: Float64Array): void => {
    guide(d);
    sample("latent_fairnes", new Beta(2, 2));
  };
  const svi = new SVI(model, typo, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  expectUnchanged(svi, () => svi.step(data), /sample "latent_fairnes": the guide draws this latent site but the model has no site of that name/);
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => warnings.push(m);
  try {
    const w = new SVI(model, typo, new Adam({ lr: 0.01 }), new TraceELBO({ unmatchedGuideSites: "warn" }), { seed: 0 });
    for (let i = 0; i < 3; i++) assert.ok(Number.isFinite(w.step(data)));
    const q = new SVI(model, typo, new Adam({ lr: 0.01 }), new TraceELBO({ unmatchedGuideSites: "ignore" }), { seed: 0 });
    for (let i = 0; i < 3; i++) q.step(data);
  } finally {
    console.warn = warn;
  }
  assert.is(warnings.length, 1);
  assert.match(warnings[0]!, /"latent_fairnes"/);
});

test("a custom optimizer without begin/rollback is restored from its own getState when the step is rejected", () => {
  let state: OptimizerState = { kind: "counting", options: {}, params: {} };
  const counting: Optimizer = {
    update(name, x, g) {
      state = { ...state, params: { ...state.params, [name]: { n: ((state.params[name]?.["n"] as number) ?? 0) + 1 } } };
      for (let i = 0; i < x.length; i++) x[i]! -= (name === "beta_q" ? 1e6 : 0.01) * g[i]!;
    },
    getState: () => JSON.parse(JSON.stringify(state)),
    setState(s) { state = JSON.parse(JSON.stringify(s)); },
  };
  const svi = new SVI(model, guide, counting, new TraceELBO(), { seed: 0 });
  // beta_q's step of 10^6 · g leaves positive (exp of a huge u) on some step: that step is rejected whole.
  let rejected = false;
  for (let i = 0; i < 50 && !rejected; i++) {
    const before = snapshot(svi), alpha = svi.params.has("alpha_q") ? svi.params.get("alpha_q") : undefined;
    try {
      svi.step(data);
    } catch (e) {
      rejected = true;
      assert.match(String(e), /param "beta_q"/);
      assert.is(snapshot(svi), before);
      assert.is(svi.params.has("alpha_q") ? svi.params.get("alpha_q") : undefined, alpha);
    }
  }
  assert.ok(rejected);
});

test("a custom optimizer needs update and a way to undo a step; a checkpoint of one without getState names it", () => {
  const sgd = new SGD({ lr: 0.01 });
  const update = (name: string, x: Float64Array, g: Float64Array): void => sgd.update(name, x, g);
  // update alone: SVI could not put a rejected step's optimizer state back.
  assert.throws(() => new SVI(model, guide, { update } as Optimizer, new TraceELBO()), (e: unknown) =>
    e instanceof TypeError && /^SVI: optim must be an Optimizer/.test((e as Error).message));
  // begin and rollback suffice for SVI's steps (they are how the built-in optimizers undo one) ...
  const undoing: Optimizer = { update, begin: () => sgd.begin(), rollback: () => sgd.rollback() };
  const svi = new SVI(model, guide, undoing, new TraceELBO(), { seed: 4 });
  const twin = new SVI(model, guide, new SGD({ lr: 0.01 }), new TraceELBO(), { seed: 4 });
  for (let i = 0; i < 3; i++) assert.is(svi.step(data), twin.step(data));
  assert.is(svi.params.get("alpha_q"), twin.params.get("alpha_q"));
  // ... but a checkpoint needs the optimizer's state as JSON.
  assert.throws(() => checkpoint(svi), (e: unknown) =>
    e instanceof TypeError && /^getOptimizerState: optim must be an optimizer with a getState method/.test((e as Error).message));
});

test.run();
