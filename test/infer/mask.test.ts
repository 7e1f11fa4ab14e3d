// mask (Pyro's poutine.mask): masked-out elements add exactly nothing to a site's log-density and get no gradient.
// Expected values are the same model written without the masked elements, closed forms, or Pyro 1.8.4's semantics
// checked by running it: nested masks combine by AND, and a masked-out value outside the support is still an error.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Bernoulli, Beta, Masked, Normal, SGD, SVI, TraceELBO, TraceMeanFieldELBO, Tape, constraints, gather, mask, param,
  plate, sample, seed, sum, trace, valueOf, createRng,
} from "../../src/index.ts";

const flips = Float64Array.of(1, 0, 1, 1, 0);
const keep = Float64Array.of(1, 0, 1, 1, 0);
const kept = Float64Array.of(1, 1, 1); // flips at the kept positions 0, 2, 3

function guide(_data: Float64Array): void {
  const alphaQ = param("alpha_q", 3, { constraint: constraints.positive });
  const betaQ = param("beta_q", 2, { constraint: constraints.positive });
  sample("f", new Beta(alphaQ, betaQ));
}
const plated = (m?: Float64Array) => (data: Float64Array): void => {
  const f = sample("f", new Beta(2, 2));
  plate("data", data.length, () => {
    const site = () => sample("obs", new Bernoulli(f), { obs: data });
    if (m) mask(site, m)(); else site();
  });
};
const svi = (model: (d: Float64Array) => void, s = 0, g = guide) => new SVI(model, g, new SGD({ lr: 0 }), new TraceELBO(), { seed: s });

test("mask zeroes exactly the masked elements: loss and gradients equal the model observing only the kept ones", () => {
  for (const s of [0, 1, 2]) {
    const masked = svi(plated(keep), s), subset = svi(plated(), s);
    assert.is(masked.evaluateLoss(flips), subset.evaluateLoss(kept));
    const a = masked.gradients(flips).grads, b = subset.gradients(kept).grads;
    for (const name of ["alpha_q", "beta_q"]) assert.equal([...a.get(name)!], [...b.get(name)!]);
  }
  // A Uint8Array and a boolean array are the same mask.
  for (const m of [Uint8Array.of(1, 0, 1, 1, 0), [true, false, true, true, false]]) {
    const model = (data: Float64Array): void => {
      const f = sample("f", new Beta(2, 2));
      mask(() => sample("obs", new Bernoulli(f), { obs: data }), m)();
    };
    assert.is(svi(model, 5).evaluateLoss(flips), svi(plated(), 5).evaluateLoss(kept));
  }
});

test("under subsampling the mask is gathered with the plate's indices: loss = log q(z) - log p(z) - (5/3) Σ over kept indices in use", () => {
  let used: Int32Array = new Int32Array(0);
  const sub = (data: Float64Array): void => {
    const f = sample("f", new Beta(2, 2));
    plate("data", 5, { subsampleSize: 3 }, (ind) => {
      used = ind;
      mask(() => sample("obs", new Bernoulli(f), { obs: gather(data, ind) }), gather(keep, ind))();
    });
  };
  for (const s of [0, 1, 2, 3]) {
    const got = svi(sub, s).evaluateLoss(flips);
    const z = trace(seed(guide, createRng(s)))(flips).get("f")!.value as number;
    let lik = 0;
    for (const i of used) if (keep[i]) lik += flips[i] ? Math.log(z) : Math.log1p(-z);
    const logQ = 2 * Math.log(z) + Math.log1p(-z) + Math.log(12); // Beta(3, 2) = 12 z² (1 - z)
    const want = logQ - Math.log(6 * z * (1 - z)) - (5 / 3) * lik;
    assert.ok(Math.abs(got - want) < 1e-12 * Math.abs(want), `${got} vs ${want}`);
  }
});

test("mask(fn, false) removes every site's log-density, mask(fn, true) changes nothing", () => {
  const none = (data: Float64Array): void => {
    const f = sample("f", new Beta(2, 2));
    mask(() => sample("obs", new Bernoulli(f), { obs: data }), false)();
  };
  const prior = (_data: Float64Array): void => { sample("f", new Beta(2, 2)); };
  assert.is(svi(none, 3).evaluateLoss(flips), svi(prior, 3).evaluateLoss(flips));
  assert.is(svi(mask(plated(), true), 3).evaluateLoss(flips), svi(plated(), 3).evaluateLoss(flips));
  // A masked guide: log q is removed too, so the loss is -log p(x, z) at the guide's draw z, written out.
  const z = trace(seed(guide, createRng(3)))(flips).get("f")!.value as number;
  const logJoint = Math.log(6 * z * (1 - z)) + 3 * Math.log(z) + 2 * Math.log1p(-z); // Beta(2, 2) = 6z(1 - z)
  const got = svi(plated(), 3, mask(guide, false)).evaluateLoss(flips);
  assert.ok(Math.abs(got + logJoint) < 1e-12 * Math.abs(logJoint), `${got} vs ${-logJoint}`);
});

test("a masked-out element whose log-density is -∞ adds exactly 0, and gets no gradient", () => {
  // Bernoulli(1) at 0 has log-density -∞: masked out, the sum is log 0.5 from the kept element alone.
  const d = new Masked(new Bernoulli(Float64Array.of(1, 0.5)), Uint8Array.of(0, 1));
  assert.is(d.logProbSum(Float64Array.of(0, 1)), Math.log(0.5));
  assert.equal([...(d.logProb(Float64Array.of(0, 1)) as Float64Array)], [0, Math.log(0.5)]);
  // On the tape: d/d loc_i of Σ_kept log N(x_i | loc_i, 1) = (x_i - loc_i) where kept, exactly 0 elsewhere.
  const t = new Tape(), loc = t.variable(Float64Array.of(0.5, 2, -1)), x = Float64Array.of(1, 7, 0);
  const lp = new Masked(new Normal(loc, 1), Uint8Array.of(1, 0, 1)).logProbSum(x);
  t.backward(lp as never);
  assert.equal([...(t.gradOf(loc) as Float64Array)], [0.5, 0, 1]);
});

test("masked batch latents in model and guide: the masked element's parameter gets a gradient of exactly 0", () => {
  const m = Uint8Array.of(1, 0, 1);
  const model = (): void => { plate("g", 3, () => { mask(() => sample("z", new Normal(new Float64Array(3), 1)), m)(); }); };
  const g = (): void => {
    const loc = param("loc", Float64Array.of(0.3, -0.2, 0.1));
    plate("g", 3, (ind) => { mask(() => sample("z", new Normal(gather(loc, ind), 1)), m)(); });
  };
  const run = new SVI<[]>(model, g, new SGD({ lr: 0 }), new TraceELBO(), { seed: 1 });
  for (let i = 0; i < 5; i++) {
    const grad = run.gradients().grads.get("loc")!;
    assert.is(grad[1], 0);
    assert.ok(grad[0] !== 0 && grad[2] !== 0);
  }
});

test("nested masks combine by AND (Pyro: [T, T, F] & [T, F, T] = [T, F, F]); masks of different lengths are an error", () => {
  const site = (): void => { sample("z", new Normal(new Float64Array(3), 1)); };
  const t = trace(mask(mask(site, [true, false, true]), [true, true, false]))();
  assert.equal([...((t.get("z")!.fn as Masked).flags as Uint8Array)], [1, 0, 0]);
  assert.ok(trace(mask(mask(site, false), [true, true, true]))().get("z")!.fn instanceof Masked);
  assert.is((trace(mask(mask(site, false), [true, true, true]))().get("z")!.fn as Masked).flags, false);
  assert.throws(() => trace(mask(mask(site, [true, false, true]), [true, true]))(), /mask of sample "z": mask length must be 3 \(as the inner mask's\), got 2/);
});

test("Pyro's validation: a masked-out value outside the support is still an error naming the site; so is a mask of the wrong length", () => {
  const bad = Float64Array.of(1, 0, 1, 1, 2);
  assert.throws(() => svi(plated(keep), 0).step(bad), (e: Error) => e instanceof RangeError && /sample "obs":/.test(e.message));
  const none = (data: Float64Array): void => {
    const f = sample("f", new Beta(2, 2));
    mask(() => sample("obs", new Bernoulli(f), { obs: data }), false)();
  };
  assert.throws(() => svi(none, 0).step(bad), (e: Error) => e instanceof RangeError && /sample "obs":/.test(e.message));
  assert.throws(() => svi(plated(Float64Array.of(1, 0)), 0).step(flips), /sample "obs": mask: mask length must be 5 \(one flag per element of the site\), got 2/);
});

test("an all-ones mask takes the general path and matches the fused Bernoulli and Beta sums to rounding", () => {
  const ones = new Float64Array(5).fill(1);
  const masked = (data: Float64Array): void => {
    const f = mask(() => sample("f", new Beta(2, 2)), [true])();
    mask(() => sample("obs", new Bernoulli(f), { obs: data }), ones)();
  };
  for (const s of [0, 1, 2, 3]) {
    const a = svi(masked, s).evaluateLoss(flips), b = svi(plated(), s).evaluateLoss(flips);
    assert.ok(Math.abs(a - b) < 1e-13 * Math.abs(b), `${a} vs ${b}`);
  }
  // And the masked sum is the sum of the kept elementwise log-densities.
  const d = new Bernoulli(0.3), lp = d.logProb(flips) as Float64Array;
  const want = lp[0]! + lp[2]! + lp[3]!;
  assert.ok(Math.abs((valueOf(new Masked(d, Uint8Array.of(1, 0, 1, 1, 0)).logProbSum(flips)) as number) - want) < 1e-15);
  assert.is(valueOf(sum(lp)), d.logProbSum(flips) as number);
});

test("TraceMeanFieldELBO: a mask shared by guide and model keeps the closed form (Σ over kept elements of KL); different masks fall back to Monte Carlo", () => {
  const m = Uint8Array.of(1, 0, 1), mq = Float64Array.of(0.5, -1, 2), sq = Float64Array.of(0.7, 1.3, 0.4);
  const model = (mm: Uint8Array | boolean) => (): void => { plate("g", 3, () => { mask(() => sample("z", new Normal(new Float64Array(3), 1)), mm)(); }); };
  const g = (mm: Uint8Array | boolean) => (): void => { plate("g", 3, () => { mask(() => sample("z", new Normal(mq, sq)), mm)(); }); };
  // KL(N(m, s) ‖ N(0, 1)) = -log s + (s² + m²)/2 - 1/2, summed over the kept elements 0 and 2.
  const kl = (i: number): number => -Math.log(sq[i]!) + (sq[i]! ** 2 + mq[i]! ** 2) / 2 - 0.5;
  const shared = new SVI<[]>(model(m), g(m), new SGD({ lr: 0 }), new TraceMeanFieldELBO(), { seed: 0 });
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(shared.evaluateLoss() - (kl(0) + kl(2))) < 1e-14);
  const none = new SVI<[]>(model(false), g(false), new SGD({ lr: 0 }), new TraceMeanFieldELBO(), { seed: 0 });
  assert.is(none.evaluateLoss(), 0);
  // Only the model masked: the closed form would be wrong, so both objectives score the same draw the same way.
  const a = new SVI<[]>(model(m), g(true), new SGD({ lr: 0 }), new TraceMeanFieldELBO(), { seed: 2 });
  const b = new SVI<[]>(model(m), g(true), new SGD({ lr: 0 }), new TraceELBO(), { seed: 2 });
  for (let i = 0; i < 5; i++) assert.is(a.evaluateLoss(), b.evaluateLoss());
});

test("mask checks its arguments", () => {
  const site = (): void => { sample("z", new Normal(0, 1)); };
  assert.throws(() => mask(site, Float64Array.of(1, 0.5)), (e: Error) => e instanceof RangeError && /^mask: mask\[1\] must be 0 or 1, got 0.5/.test(e.message));
  assert.throws(() => mask(site, Uint8Array.of(2)), (e: Error) => e instanceof RangeError && /mask\[0\] must be 0 or 1, got 2/.test(e.message));
  assert.throws(() => mask(site, [1, 0] as never), (e: Error) => e instanceof TypeError && /mask: mask must be a boolean, Float64Array, Uint8Array or boolean\[\]/.test(e.message));
  assert.throws(() => mask(site, "yes" as never), TypeError);
  assert.throws(() => mask(null as never, true), (e: Error) => e instanceof TypeError && /mask: fn must be a function/.test(e.message));
});

test.run();
