// The effect handlers and plates, and large vectorized sites.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Adam, Bernoulli, Beta, ClippedAdam, Gamma, SVI, TraceELBO, block, constraints, createRng, gather, param, plate, replay,
  sample, seed, trace, withHandler,
} from "../../src/index.ts";

test("outside inference, sample draws from the distribution and param returns its init", () => {
  const z = sample("z", new Beta(2, 3)) as number;
  assert.ok(z > 0 && z < 1);
  assert.is(param("p", 1.5), 1.5);
  assert.is(sample("y", new Bernoulli(0.5), { obs: 1 }), 1);
});

test("seed makes draws reproducible, and trace records sites in order with their values", () => {
  const m = (): void => {
    sample("a", new Gamma(2, 1));
    sample("b", new Beta(1, 1));
  };
  const t1 = trace(seed(m, createRng(4)))();
  const t2 = trace(seed(m, createRng(4)))();
  assert.equal([...t1.keys()], ["a", "b"]);
  assert.is(t1.get("a")!.value, t2.get("a")!.value);
  assert.is(t1.get("b")!.value, t2.get("b")!.value);
});

test("replay feeds a trace's latent values into another run, but not its observations", () => {
  const g = (): void => { sample("z", new Beta(3, 3)); };
  const m = (): void => {
    sample("z", new Beta(1, 1));
    sample("x", new Bernoulli(0.3), { obs: 1 });
  };
  const gt = trace(seed(g, createRng(1)))();
  const mt = trace(replay(m, gt))();
  assert.is(mt.get("z")!.value, gt.get("z")!.value);
  assert.is(mt.get("x")!.value, 1);
  assert.throws(() => trace(replay(() => { sample("w", new Beta(1, 1)); }, gt, true))(), /"w".*no match/);
});

test("block hides sites from the handlers below it", () => {
  const m = (): void => {
    sample("seen", new Beta(1, 1));
    block(() => { sample("hidden", new Beta(1, 1)); })();
  };
  assert.equal([...trace(m)().keys()], ["seen"]);
});

test("handlers are removed even when the function throws", () => {
  let calls = 0;
  assert.throws(() => withHandler({ process: () => { calls++; } }, () => { throw new Error("boom"); }), /boom/);
  sample("after", new Beta(1, 1));
  assert.is(calls, 0);
});

test("duplicate site names are an error", () => {
  assert.throws(() => trace(() => { sample("z", new Beta(1, 1)); sample("z", new Beta(1, 1)); })(), /sample "z": site appears twice/);
});

test("many sites (past the list's Map index): order kept, duplicates found, every latent replayed into the model", () => {
  const names = Array.from({ length: 20 }, (_, i) => `z${i}`);
  assert.equal([...trace(() => { for (const n of names) sample(n, new Beta(1, 1)); })().keys()], names);
  for (const at of [3, 15]) {
    assert.throws(() => trace(() => { for (const n of names) sample(n, new Beta(1, 1)); sample(names[at]!, new Beta(1, 1)); })(), new RegExp(`"z${at}": site appears twice`));
  }
  // The ELBO's own recorders: a guide with 20 latents z_k ~ Beta(k + 1, 2) and a model with z_k ~ Beta(2, k + 1).
  // The loss Σ_k log q_k(z_k) - log p_k(z_k) is right only if every model site gets its own guide draw.
  const guide = (): void => { names.forEach((n, k) => sample(n, new Beta(k + 1, 2))); };
  const model = (): void => { names.forEach((n, k) => sample(n, new Beta(2, k + 1))); };
  const svi = new SVI(model, guide, new Adam(), new TraceELBO(), { seed: 3 });
  const loss = svi.evaluateLoss();
  const draws = trace(seed(guide, createRng(3)))();
  let expected = 0;
  names.forEach((n, k) => {
    const z = draws.get(n)!.value as number;
    expected += (new Beta(k + 1, 2).logProb(z) as number) - (new Beta(2, k + 1).logProb(z) as number);
  });
  assert.ok(Math.abs(loss - expected) <= 1e-12 * Math.abs(expected), `${loss} vs ${expected}`);
  assert.throws(() => new SVI(() => { model(); sample("extra", new Beta(1, 1)); }, guide, new Adam(), new TraceELBO()).step(), /"extra".*no match/);
});

test("a plate without subsampling passes every index and scale 1", () => {
  const t = trace(() => plate("data", 4, (ind) => { assert.equal(Array.from(ind), [0, 1, 2, 3]); sample("x", new Bernoulli(0.5), { obs: new Float64Array(4) }); }))();
  assert.is(t.get("x")!.scale, 1);
});

test("a subsampled plate draws distinct indices and scales log-probabilities by size / batch", () => {
  const t = trace(seed(() => plate("data", 1000, { subsampleSize: 10 }, (ind) => {
    assert.is(new Set(ind).size, 10);
    assert.ok(ind.every((i) => i >= 0 && i < 1000));
    sample("x", new Bernoulli(0.5), { obs: new Float64Array(10) });
  }), createRng(2)))();
  assert.is(t.get("x")!.scale, 100);
  assert.is((t.get("data")!.value as Int32Array).length, 10);
  assert.throws(() => plate("p", 5, { subsampleSize: 6 }, () => 0), RangeError);
});

test("a plate with a given subsample passes it on and scales by size / its length", () => {
  const t = trace(() => plate("data", 10, { subsample: [7, 2] }, (ind) => {
    assert.equal(Array.from(ind), [7, 2]);
    sample("x", new Bernoulli(0.5), { obs: new Float64Array(2) });
  }))();
  assert.is(t.get("x")!.scale, 5);
});

test("a plate's size and subsample size must be integers with 1 <= subsample size <= size; the error names the plate", () => {
  for (const [size, options] of [[0, {}], [2.5, {}], [5, { subsampleSize: 0 }], [5, { subsampleSize: 1.5 }], [5, { subsample: [] }]] as const) {
    assert.throws(() => plate("p", size, options, () => 0), /plate "p"/);
  }
  assert.throws(() => plate("p", 5, { subsampleSize: 6 }, () => 0), /plate "p": subsampleSize must be an integer in \[1, 5\], got 6/);
});

test("subsample indices are uniform: each index is chosen with probability m / n", () => {
  const rng = createRng(8), counts = new Float64Array(20), reps = 20000;
  for (let r = 0; r < reps; r++) {
    const ind = trace(seed(() => plate("p", 20, { subsampleSize: 5 }, () => 0), rng))().get("p")!.value as Int32Array;
    for (const i of ind) counts[i]!++;
  }
  const p = 5 / 20, sd = Math.sqrt(reps * p * (1 - p));
  for (const c of counts) assert.ok(Math.abs(c - reps * p) < 5 * sd, `${c}`);
});

test("minibatched SVI over 10^4 observations finds the posterior mean of the full data", () => {
  const n = 10_000, heads = 6_000;
  const data = new Float64Array(n).fill(1, 0, heads);
  const model = (d: Float64Array): void => {
    const f = sample("f", new Beta(1, 1));
    plate("data", d.length, { subsampleSize: 500 }, (ind) => sample("obs", new Bernoulli(f), { obs: gather(d, ind) }));
  };
  const guide = (): void => {
    const a = param("a", 50, { constraint: constraints.positive }), b = param("b", 50, { constraint: constraints.positive });
    sample("f", new Beta(a, b));
  };
  // The scaled minibatch log-likelihood is unbiased but noisy: a decaying rate averages the noise out.
  for (const s of [1, 2]) {
    const svi = new SVI(model, guide, new ClippedAdam({ lr: 0.05, lrd: 0.999, clipNorm: 1e6 }), new TraceELBO(), { seed: s });
    for (let i = 0; i < 5000; i++) svi.step(data);
    const a = svi.params.get("a"), b = svi.params.get("b");
    // The full-data posterior mean is 6001/10002 = 0.59998 (sd 0.005).
    assert.ok(Math.abs(a / (a + b) - 0.6) < 0.01, `seed ${s}: ${a}, ${b}`);
  }
});

test("a vectorized site over 10^6 observations is one pass and gives the exact full-data loss at the posterior", () => {
  const n = 1_000_000, h = 400_000;
  const data = new Float64Array(n).fill(1, 0, h);
  const model = (d: Float64Array): void => {
    const f = sample("f", new Beta(2, 2));
    sample("obs", new Bernoulli(f), { obs: d });
  };
  const guide = (): void => {
    sample("f", new Beta(param("a", 1, { constraint: constraints.positive }), param("b", 1, { constraint: constraints.positive })));
  };
  const svi = new SVI(model, guide, new Adam({ lr: 0 }), new TraceELBO({ stickTheLanding: true }), { seed: 0 });
  svi.params.set("a", 2 + h, { constraint: constraints.positive });
  svi.params.set("b", 2 + n - h, { constraint: constraints.positive });
  const { loss, grads } = svi.gradients(data);
  // -log p(data) = log B(2, 2) - log B(2 + h, 2 + n - h), with B(2, 2) = 1/6 and log B(2 + h, 2 + n - h) built
  // independently of special/ by the recurrence B(a + 1, b) = B(a, b)·a/(a + b): n terms, only logs.
  let logB = Math.log(1 / 6), a = 2, b = 2;
  for (let i = 0; i < h; i++) { logB += Math.log(a / (a + b)); a++; }
  for (let i = 0; i < n - h; i++) { logB += Math.log(b / (a + b)); b++; }
  const expected = Math.log(1 / 6) - logB;
  assert.ok(Math.abs(loss - expected) <= 1e-9 * expected, `${loss} vs ${expected}`);
  for (const g of grads.values()) assert.ok(Math.abs(g[0]!) < 1e-6 * n, `${g[0]}`);
});

test.run();
