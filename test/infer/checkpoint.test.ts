// Checkpoints: every field is validated against the run it is restored into before anything changes, and an error
// names the field; parameter names round-trip whatever they are ("__proto__" included).
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Adam, Bernoulli, Beta, ClippedAdam, SGD, SVI, TraceELBO, checkpoint, constraints, param, restore, sample, type Optimizer,
  type SVICheckpoint,
} from "../../src/index.ts";

const data = new Float64Array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
const coinModel = (d: Float64Array): void => {
  const f = sample("latent_fairness", new Beta(10, 10));
  sample("obs", new Bernoulli(f), { obs: d });
};
const coinGuide = (names: [string, string]) => (_d: Float64Array): void => {
  const a = param(names[0], 15, { constraint: constraints.positive });
  const b = param(names[1], 15, { constraint: constraints.positive });
  sample("latent_fairness", new Beta(a, b));
};
const guide = coinGuide(["alpha_q", "beta_q"]);
const snapshot = (svi: SVI<[Float64Array]>): string => JSON.stringify(checkpoint(svi));
const run = (optim: Optimizer, steps = 5): SVI<[Float64Array]> => {
  const svi = new SVI(coinModel, guide, optim, new TraceELBO(), { seed: 2 });
  for (let i = 0; i < steps; i++) svi.step(data);
  return svi;
};

type Json = Record<string, unknown>;
/** A deep copy of a checkpoint with one edit applied. */
const edit = (cp: SVICheckpoint, f: (c: Json) => void): SVICheckpoint => {
  const c = JSON.parse(JSON.stringify(cp)) as Json;
  f(c);
  return c as unknown as SVICheckpoint;
};
const optimOf = (c: Json) => c["optim"] as Json;
const recordOf = (c: Json, name = "alpha_q") => (optimOf(c)["params"] as Record<string, Json>)[name]!;
const paramOf = (c: Json, name = "alpha_q") => (c["params"] as Record<string, Json>)[name]!;

// Each corruption, and the text its error must contain (the field's path).
const adamCases: [string, (c: Json) => void, string][] = [
  ["Adam m: []", (c) => { recordOf(c)["m"] = []; }, 'params["alpha_q"].m.length'],
  ["Adam v: [-1]", (c) => { recordOf(c)["v"] = [-1]; }, 'params["alpha_q"].v[0]'],
  ["Adam v missing", (c) => { delete recordOf(c)["v"]; }, 'params["alpha_q"].v'],
  ["Adam m: [null] (NaN in JSON)", (c) => { recordOf(c)["m"] = [null]; }, 'params["alpha_q"].m'],
  ["Adam m of length 2", (c) => { recordOf(c)["m"] = [0.1, 0.2]; }, 'params["alpha_q"].m.length'],
  ["optimizer state missing", (c) => { delete c["optim"]; }, "checkpoint.optim"],
  ["optimizer state null", (c) => { c["optim"] = null; }, "checkpoint.optim"],
  ["one parameter's record missing", (c) => { delete (optimOf(c)["params"] as Json)["beta_q"]; }, 'state.params["beta_q"]'],
  ["one parameter's record null", (c) => { (optimOf(c)["params"] as Json)["beta_q"] = null; }, 'state.params["beta_q"]'],
  ["a record for a parameter the run lacks", (c) => { (optimOf(c)["params"] as Json)["gamma_q"] = recordOf(c); }, 'state.params["gamma_q"]'],
  ["optimizer params missing", (c) => { delete optimOf(c)["params"]; }, "state.params"],
  ["steps missing", (c) => { delete c["steps"]; }, "checkpoint.steps"],
  ["steps 'abc'", (c) => { c["steps"] = "abc"; }, "checkpoint.steps"],
  ["steps -5", (c) => { c["steps"] = -5; }, "checkpoint.steps"],
  ["steps 2.5", (c) => { c["steps"] = 2.5; }, "checkpoint.steps"],
  ["Adam step 0 with moments", (c) => { recordOf(c)["step"] = 0; }, 'params["alpha_q"].step'],
  ["Adam step 2.5", (c) => { recordOf(c)["step"] = 2.5; }, 'params["alpha_q"].step'],
  ["Adam step -1", (c) => { recordOf(c)["step"] = -1; }, 'params["alpha_q"].step'],
  ["Adam step '5'", (c) => { recordOf(c)["step"] = "5"; }, 'params["alpha_q"].step'],
  ["Adam step past the run's steps", (c) => { recordOf(c)["step"] = 6; }, 'params["alpha_q"].step'],
  ["lr -1", (c) => { recordOf(c)["lr"] = -1; }, 'params["alpha_q"].lr'],
  ["lr other than Adam's", (c) => { recordOf(c)["lr"] = 0.02; }, 'params["alpha_q"].lr'],
  ["lr missing", (c) => { delete recordOf(c)["lr"]; }, 'params["alpha_q"].lr'],
  ["scalar true with a u of length 2", (c) => { paramOf(c)["u"] = [1, 2]; }, 'params["alpha_q"].scalar'],
  ["scalar 'yes'", (c) => { paramOf(c)["scalar"] = "yes"; }, 'params["alpha_q"].scalar'],
  ["u: []", (c) => { paramOf(c)["u"] = []; }, 'params["alpha_q"].u'],
  ["u: [null]", (c) => { paramOf(c)["u"] = [null]; }, 'params["alpha_q"].u'],
  ["u: ['x']", (c) => { paramOf(c)["u"] = ["x"]; }, 'params["alpha_q"].u'],
  ["u mapping to ∞", (c) => { paramOf(c)["u"] = [800]; }, 'params["alpha_q"].u[0]'],
  ["an unknown constraint", (c) => { paramOf(c)["constraint"] = { type: "bogus" }; }, 'params["alpha_q"].constraint'],
  ["a constraint missing", (c) => { delete paramOf(c)["constraint"]; }, 'params["alpha_q"].constraint'],
  ["a parameter entry null", (c) => { (c["params"] as Json)["alpha_q"] = null; }, 'params["alpha_q"]'],
  ["params missing", (c) => { delete c["params"]; }, "checkpoint.params"],
  ["params an array", (c) => { c["params"] = []; }, "checkpoint.params"],
  ["no kind", (c) => { delete optimOf(c)["kind"]; }, "state.kind"],
  ["kind SGD", (c) => { optimOf(c)["kind"] = "SGD"; }, "state.kind"],
  ["options missing", (c) => { delete optimOf(c)["options"]; }, "state.options"],
  ["another lr option", (c) => { (optimOf(c)["options"] as Json)["lr"] = 0.5; }, "state.options.lr"],
  ["other betas", (c) => { (optimOf(c)["options"] as Json)["betas"] = [0.8, 0.999]; }, "state.options.betas"],
  ["an extra option", (c) => { (optimOf(c)["options"] as Json)["lrd"] = 0.9; }, "state.options.lrd"],
  ["rng missing", (c) => { delete c["rng"]; }, "checkpoint.rng"],
  ["rng of zeros", (c) => { c["rng"] = { kind: "xoshiro256**", s: [0, 0, 0, 0, 0, 0, 0, 0] }; }, "checkpoint.rng"],
  ["version 1", (c) => { c["version"] = 1; }, "checkpoint.version"],
  ["version missing", (c) => { delete c["version"]; }, "checkpoint.version"],
];

test("each corrupted checkpoint is rejected with an error naming the field, and the run is unchanged", () => {
  const source = checkpoint(run(new Adam({ lr: 0.01 })));
  for (const [label, f, field] of adamCases) {
    const target = run(new Adam({ lr: 0.01 }), 2);
    const before = snapshot(target);
    let error: unknown;
    try {
      restore(target, edit(source, f));
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof TypeError || error instanceof RangeError, `${label}: not rejected (${error})`);
    assert.ok(String(error).includes(field), `${label}: ${error} does not name ${field}`);
    assert.ok(String(error).startsWith(`${(error as Error).name}: SVI.restore: `), `${label}: ${error}`);
    assert.is(snapshot(target), before, label);
  }
});

test("a checkpoint of another optimizer kind or options is rejected: ClippedAdam -> Adam, SGD -> Adam, Adam -> SGD", () => {
  const pairs: [Optimizer, () => Optimizer][] = [
    [new ClippedAdam({ lr: 0.01 }), () => new Adam({ lr: 0.01 })],
    [new SGD({ lr: 0.01, momentum: 0.9 }), () => new Adam({ lr: 0.01 })],
    [new Adam({ lr: 0.01 }), () => new SGD({ lr: 0.01, momentum: 0.9 })],
    [new SGD({ lr: 0.01, momentum: 0.9 }), () => new SGD({ lr: 0.01, momentum: 0.5 })],
    [new ClippedAdam({ lr: 0.01, lrd: 0.99 }), () => new ClippedAdam({ lr: 0.01, lrd: 0.999 })],
  ];
  for (const [from, to] of pairs) {
    const cp = checkpoint(run(from));
    const target = run(to(), 1), before = snapshot(target);
    assert.throws(() => restore(target, cp), /SVI.restore: checkpoint.optim: .*state\.(kind|options\.\w+) must be/);
    assert.is(snapshot(target), before);
  }
});

test("SGD and ClippedAdam checkpoints continue bit for bit, and their records are checked too", () => {
  for (const mk of [() => new SGD({ lr: 0.01, momentum: 0.9, nesterov: true }), () => new SGD({ lr: 0.01 }), () => new ClippedAdam({ lr: 0.01, lrd: 0.99 })]) {
    const a = run(mk(), 7);
    const b = run(mk(), 0);
    restore(b, JSON.parse(JSON.stringify(checkpoint(a))));
    for (let i = 0; i < 5; i++) assert.is(b.step(data), a.step(data));
  }
  const sgd = checkpoint(run(new SGD({ lr: 0.01, momentum: 0.9 })));
  const bad = edit(sgd, (c) => { recordOf(c)["momentum"] = [Infinity]; });
  assert.throws(() => restore(run(new SGD({ lr: 0.01, momentum: 0.9 }), 0), bad), /params\["alpha_q"\]\.momentum/);
  const clipped = checkpoint(run(new ClippedAdam({ lr: 0.01, lrd: 0.99 })));
  const up = edit(clipped, (c) => { recordOf(c)["lr"] = 0.02; });
  assert.throws(() => restore(run(new ClippedAdam({ lr: 0.01, lrd: 0.99 }), 0), up), /params\["alpha_q"\]\.lr must be finite and > 0 and <= 0.01/);
});

test("parameter names round-trip whatever they are: __proto__, constructor, empty, unicode", () => {
  for (const names of [["__proto__", "constructor"], ["", "β_q ✓"], ["toString", "hasOwnProperty"]] as [string, string][]) {
    const g = coinGuide(names);
    const a = new SVI(coinModel, g, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 4 });
    for (let i = 0; i < 5; i++) a.step(data);
    const cp = JSON.parse(JSON.stringify(checkpoint(a))) as SVICheckpoint;
    assert.equal(Object.keys(cp.params), names);
    assert.equal(Object.keys(cp.optim.params), names);
    const b = new SVI(coinModel, g, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 99 });
    restore(b, cp);
    assert.equal(b.params.names(), names);
    for (let i = 0; i < 5; i++) assert.is(b.step(data), a.step(data));
    assert.is(snapshot(b), snapshot(a));
  }
});

test("a parameter the run has not updated yet has a fresh record, and restores as one", () => {
  const svi = run(new Adam({ lr: 0.01 }), 2);
  svi.params.set("unused", 3, { constraint: constraints.positive });
  const cp = checkpoint(svi);
  assert.equal(cp.optim.params["unused"], { step: 0, m: [0], v: [0], lr: 0.01 });
  const twin = run(new Adam({ lr: 0.01 }), 0);
  restore(twin, cp);
  assert.is(snapshot(twin), snapshot(svi));
});

test.run();
