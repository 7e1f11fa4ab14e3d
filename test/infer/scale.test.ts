// scale (Pyro's poutine.scale): every sample site's log-density times a positive factor, multiplying with plate
// subsampling scales (Pyro 1.8.4, checked by running it: scale 3 on a plate subsampling 5 of 10 gives the latent
// site scale 3 and the observed site scale 6). Expected losses are closed forms at the guide's recorded draw.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Bernoulli, Beta, SGD, SVI, TraceELBO, constraints, createRng, gather, param, plate, sample, scale, seed, special, trace,
} from "../../src/index.ts";
import { data, model } from "../../bench/coin-flip.ts";

const flips = data;
const logBeta = (x: number, a: number, b: number): number => (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - special.lbeta(a, b);
/** log p(x, z) of the coin flip (Beta(10, 10) prior, 6 heads and 4 tails) and log q(z) of Beta(15, 14), written out. */
const logJoint = (z: number): number => logBeta(z, 10, 10) + 6 * Math.log(z) + 4 * Math.log1p(-z);
const logQ = (z: number): number => logBeta(z, 15, 14);

function guide(_data: Float64Array): void {
  const alphaQ = param("alpha_q", 15, { constraint: constraints.positive });
  const betaQ = param("beta_q", 14, { constraint: constraints.positive });
  sample("latent_fairness", new Beta(alphaQ, betaQ));
}
/** The guide's draw of SVI's step with this seed (SVI draws from createRng(seed), as seed() does here). */
const drawOf = (s: number): number => trace(seed(guide, createRng(s)))(flips).get("latent_fairness")!.value as number;

test("scale(model, 3) triples the model's log-density terms: loss = log q(z) - 3 log p(x, z) at the guide's draw", () => {
  for (const s of [0, 1, 2]) {
    const svi = new SVI(scale(model, 3), guide, new SGD({ lr: 0 }), new TraceELBO(), { seed: s });
    const z = drawOf(s), want = logQ(z) - 3 * logJoint(z), got = svi.evaluateLoss(flips);
    assert.ok(Math.abs(got - want) < 1e-12 * Math.abs(want), `${got} vs ${want}`);
  }
});

test("scale on the guide weights log q alone, and nested scales multiply: loss = 2·5 log q(z) - log p(x, z)", () => {
  const svi = new SVI(model, scale(scale(guide, 2), 5), new SGD({ lr: 0 }), new TraceELBO(), { seed: 4 });
  const z = drawOf(4), want = 10 * logQ(z) - logJoint(z), got = svi.evaluateLoss(flips);
  assert.ok(Math.abs(got - want) < 1e-12 * Math.abs(want), `${got} vs ${want}`);
});

test("scale multiplies with a plate's subsampling scale (Pyro: 3 on the latent, 3 · 10/5 = 6 on the subsampled site)", () => {
  let used: Int32Array = new Int32Array(0);
  const sub = (data: Float64Array): void => {
    const f = sample("latent_fairness", new Beta(10, 10));
    plate("data", 10, { subsampleSize: 5 }, (ind) => {
      used = ind;
      sample("obs", new Bernoulli(f), { obs: gather(data, ind) });
    });
  };
  const t = trace(scale(sub, 3))(flips);
  assert.is(t.get("latent_fairness")!.scale, 3);
  assert.is(t.get("obs")!.scale, 6);
  // The ELBO uses it: the loss is log q(z) - 3 log p(z) - 6 Σ_{i in the subsample} log p(x_i | z).
  const heads = new Set<number>();
  for (const s of [7, 8, 9, 10, 11, 12]) {
    const got = new SVI(scale(sub, 3), guide, new SGD({ lr: 0 }), new TraceELBO(), { seed: s }).evaluateLoss(flips);
    const z = drawOf(s);
    let lik = 0, h = 0;
    for (const i of used) {
      lik += flips[i] ? Math.log(z) : Math.log1p(-z);
      h += flips[i]!;
    }
    heads.add(h);
    const want = logQ(z) - 3 * logBeta(z, 10, 10) - 6 * lik;
    assert.ok(Math.abs(got - want) < 1e-12 * Math.abs(want), `${got} vs ${want}`);
  }
  // The subsamples differ in their count of heads, so the check above sees which elements were used.
  assert.ok(heads.size > 1);
});

test("scale checks its arguments: the factor must be finite and > 0 (mask removes a site instead)", () => {
  for (const c of [0, -1, Infinity, NaN]) {
    assert.throws(() => scale(model, c), (e: Error) => e instanceof RangeError && /^scale: factor must be finite and > 0, got/.test(e.message));
  }
  assert.throws(() => scale(model, "3" as never), (e: Error) => e instanceof TypeError && /scale: factor must be a number/.test(e.message));
  assert.throws(() => scale(3 as never, 3), (e: Error) => e instanceof TypeError && /scale: fn must be a function/.test(e.message));
});

test.run();
