// SVI's guarantees: checkpoints continue bit for bit, and bad input throws a clear error and changes nothing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Adam, Beta, ClippedAdam, Gamma, SVI, TraceELBO, add, checkpoint, constraints, param, restore, sample, sqrt,
  type Optimizer,
} from "../../src/index.ts";
import { data, guide, model } from "../../bench/coin-flip.ts";

// The README coin flip (bench/coin-flip.ts), the model and guide every SVI here is built on.

function snapshot(svi: SVI<[Float64Array]>): string {
  return JSON.stringify(checkpoint(svi));
}

test("a checkpoint restored on a fresh SVI continues bit-identically", () => {
  for (const mk of [() => new Adam({ lr: 0.01 }), () => new ClippedAdam({ lr: 0.01, lrd: 0.999 })] as (() => Optimizer)[]) {
    const a = new SVI(model, guide, mk(), new TraceELBO(), { seed: 3 });
    for (let i = 0; i < 100; i++) a.step(data);
    const cp = JSON.parse(JSON.stringify(checkpoint(a)));
    const b = new SVI(model, guide, mk(), new TraceELBO(), { seed: 999 });
    restore(b, cp);
    for (let i = 0; i < 100; i++) assert.is(b.step(data), a.step(data));
    assert.is(snapshot(b), snapshot(a));
  }
});

test("the loss returned by step is the estimate before the update", () => {
  const a = new SVI(model, guide, new Adam({ lr: 0.1 }), new TraceELBO(), { seed: 1 });
  const b = new SVI(model, guide, new Adam({ lr: 0.1 }), new TraceELBO(), { seed: 1 });
  assert.is(a.step(data), b.evaluateLoss(data));
});

function expectUnchanged(svi: SVI<[Float64Array]>, run: () => unknown, message: RegExp): void {
  const before = snapshot(svi);
  assert.throws(run, message);
  assert.is(snapshot(svi), before);
}

test("a latent model site with no match in the guide is named, and nothing changes", () => {
  const badModel = (d: Float64Array): void => {
    model(d);
    sample("extra_latent", new Gamma(2, 1));
  };
  const svi = new SVI(badModel, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  const ok = new SVI(model, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  expectUnchanged(svi, () => svi.step(data), /"extra_latent".*no match in the guide/);
  // The failed step created no parameters, and the rng did not advance: the next good run matches a fresh one.
  assert.equal(svi.params.names(), []);
});

test("a param init outside its constraint names the param, and nothing changes", () => {
  const badGuide = (_d: Float64Array): void => {
    sample("latent_fairness", new Beta(param("alpha_q", -1, { constraint: constraints.positive }), 1));
  };
  const svi = new SVI(model, badGuide, new Adam(), new TraceELBO(), { seed: 0 });
  expectUnchanged(svi, () => svi.step(data), /param "alpha_q": init must be inside its constraint \(positive\), got -1/);
  assert.throws(() => svi.params.set("beta_q", 2, { constraint: constraints.unitInterval }), /ParamStore.set "beta_q": value must be inside its constraint \(unitInterval\), got 2/);
});

test("an observation outside the support names the site, and nothing changes", () => {
  const svi = new SVI(model, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  for (let i = 0; i < 10; i++) svi.step(data);
  expectUnchanged(svi, () => svi.step(new Float64Array([1, 0, 0.5])), /sample "obs".*position 2/);
});

test("a non-finite log-probability names the site, and a non-finite gradient names the param; nothing changes", () => {
  // Beta(2, 2) has density 0 at its edge z = 1: the observed site's log-probability is -Infinity.
  const edgeModel = (d: Float64Array): void => {
    model(d);
    sample("edge", new Beta(2, 2), { obs: 1 });
  };
  const svi = new SVI(edgeModel, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  svi.params.set("alpha_q", 20, { constraint: constraints.positive });
  expectUnchanged(svi, () => svi.step(data), /sample "edge": log probability must be finite, got -Infinity/);

  // Gamma(1 + √w, 1) at w = 0 has a finite log-density but d/dw = (...)·1/(2√0) is infinite.
  const gradModel = (_d: Float64Array): void => {
    sample("x", new Gamma(add(1, sqrt(param("w", 0))), 1), { obs: 1 });
  };
  const svi2 = new SVI(gradModel, () => {}, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  expectUnchanged(svi2, () => svi2.step(data), /param "w": gradient\[0\] must be finite, got -?Infinity/);
  assert.equal(svi2.params.names(), []);
});

test("a malformed checkpoint is rejected and leaves the run as it was", () => {
  const svi = new SVI(model, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  svi.step(data);
  const good = checkpoint(svi);
  expectUnchanged(svi, () => restore(svi, { ...good, rng: { kind: "xoshiro256**", s: [0, 0, 0, 0, 0, 0, 0, 0] } }), /./);
  expectUnchanged(svi, () => restore(svi, { ...good, params: { alpha_q: { u: ["x" as unknown as number], scalar: true, constraint: { type: "positive" } } } }), /alpha_q/);
});

test("a parameter used twice in a step is one leaf, and its gradient sums both uses", () => {
  // -log Gamma(1; w, 1) = lgamma(w) + 1 at each of two sites; with w = exp(u), d/du = 2·w·ψ(w), and ψ(2) = 1 - γ.
  const m = (): void => {
    sample("x", new Gamma(param("w", 2, { constraint: constraints.positive }), 1), { obs: 1 });
    sample("y", new Gamma(param("w", 2, { constraint: constraints.positive }), 1), { obs: 1 });
  };
  const { grads } = new SVI(m, () => {}, new Adam(), new TraceELBO()).gradients();
  const eulerGamma = 0.5772156649015329;
  assert.equal([...grads.keys()], ["w"]);
  assert.ok(Math.abs(grads.get("w")![0]! - 4 * (1 - eulerGamma)) < 1e-14, `${grads.get("w")}`);
});

test("evaluateLoss, gradients and step interleave on one run as on separate runs with the same seed", () => {
  const a = new SVI(model, guide, new Adam({ lr: 0.1 }), new TraceELBO(), { seed: 4 });
  const b = new SVI(model, guide, new Adam({ lr: 0.1 }), new TraceELBO(), { seed: 4 });
  for (let i = 0; i < 3; i++) {
    assert.is(a.evaluateLoss(data), b.evaluateLoss(data));
    assert.equal(a.gradients(data), b.gradients(data));
    assert.is(a.step(data), b.step(data));
  }
  assert.is(a.steps, 3);
  assert.is(snapshot(a), snapshot(b));
});

test("a failing step after successful ones removes only the parameters it created", () => {
  let extra = false;
  const g = (d: Float64Array): void => {
    guide(d);
    if (extra) param("scale_q", 2, { constraint: constraints.positive });
  };
  const m = (d: Float64Array): void => {
    model(d);
    if (extra) sample("extra_latent", new Gamma(2, 1));
  };
  const svi = new SVI(m, g, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  for (let i = 0; i < 5; i++) svi.step(data);
  extra = true;
  expectUnchanged(svi, () => svi.step(data), /"extra_latent"/);
  assert.equal(svi.params.names(), ["alpha_q", "beta_q"]);
  assert.is(svi.params.size, 2);
});

test("params: get returns constrained values, names lists them, set stores the inverse transform", () => {
  const svi = new SVI(model, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 0 });
  svi.step(data);
  assert.equal(svi.params.names(), ["alpha_q", "beta_q"]);
  // One Adam step moves log alpha by about lr = 0.01.
  assert.ok(Math.abs(Math.log(svi.params.get("alpha_q")) - Math.log(15)) < 0.011);
  assert.ok(Math.abs(svi.params.entry("alpha_q").u[0]! - Math.log(svi.params.get("alpha_q"))) < 1e-15);
  svi.params.set("w", new Float64Array([0.2, 0.7]), { constraint: constraints.interval(0, 1) });
  const w = svi.params.get<Float64Array>("w");
  assert.ok(Math.abs(w[0]! - 0.2) < 1e-15 && Math.abs(w[1]! - 0.7) < 1e-15);
});

test.run();
