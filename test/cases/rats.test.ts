// The rat tumour case study (examples/rats.ts) against scripts/fixtures_rats.py's quadrature over (log(a/b),
// log(a+b)): the conjugate level with the hyperparameters fixed (the guide's family holds the exact posterior), and
// the full hierarchy (it does not: mean-field), on three seeds. docs/10-rat-tumours.md justifies each bound.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fit, fitFixed, loadRats, summarize } from "../../examples/rats.ts";

interface Moments { mean: number; sd: number }
const fx = JSON.parse(readFileSync(new URL("../fixtures/rats.json", import.meta.url), "utf8")) as {
  mode: { u: number; v: number; a: number; b: number }; u: Moments; v: Moments; theta: { mean: number[]; sd: number[] };
};
const data = loadRats();
const G = data.y.length;

test("the data are BDA's: 71 experiments, 267 of 1739 rats, historical mean rate 0.136", () => {
  assert.is(G, 71);
  assert.is(data.y.reduce((s, v) => s + v, 0), 267);
  assert.is(data.n.reduce((s, v) => s + v, 0), 1739);
  let mean = 0;
  for (let i = 0; i < 70; i++) mean += data.y[i]! / data.n[i]! / 70;
  assert.ok(Math.abs(mean - 0.136) < 5e-4, `${mean}`);
});

test("(a, b) fixed at the posterior mode: every fitted Beta is Beta(a + y_i, b + n_i - y_i) to 1e-6 relative (the issue asks 1e-3)", () => {
  const { a, b } = fx.mode;
  for (const seed of [1, 2]) {
    const svi = fitFixed(data, a, b, seed);
    const al = svi.params.get<Float64Array>("alpha_q"), be = svi.params.get<Float64Array>("beta_q");
    for (let i = 0; i < G; i++) {
      const ea = a + data.y[i]!, eb = b + data.n[i]! - data.y[i]!;
      assert.ok(Math.abs(al[i]! / ea - 1) < 1e-6 && Math.abs(be[i]! / eb - 1) < 1e-6,
        `seed ${seed}, experiment ${i + 1}: Beta(${al[i]}, ${be[i]}) vs Beta(${ea}, ${eb})`);
    }
  }
});

test("full hierarchy, mean-field: rates within 0.3 posterior sd and 10%, their sds within 15%, on three seeds", () => {
  for (const seed of [1, 2, 3]) {
    const s = summarize(fit(data, seed));
    for (let i = 0; i < G; i++) {
      const m = fx.theta.mean[i]!, sd = fx.theta.sd[i]!, q = s.theta[i]!;
      const where = `seed ${seed}, experiment ${i + 1}: ${q.mean} ± ${q.sd} vs ${m} ± ${sd}`;
      assert.ok(Math.abs(q.mean - m) < 0.3 * sd && Math.abs(q.mean / m - 1) < 0.1, where);
      assert.ok(Math.abs(q.sd / sd - 1) < 0.15, where);
    }
    // The hyperparameters: log(a/b)'s mean within 0.3 posterior sd, log(a+b)'s within 0.4 (its exact posterior is
    // right-skewed, with an e^(-v/2) tail, which a Normal misses: its mean sits low); their sds under the exact
    // ones (mean-field's underestimate), log(a/b)'s by a factor in [0.5, 0.95], log(a+b)'s in [0.3, 0.7].
    assert.ok(Math.abs(s.u.mean - fx.u.mean) < 0.3 * fx.u.sd, `seed ${seed}: log(a/b) ${s.u.mean} vs ${fx.u.mean}`);
    assert.ok(Math.abs(s.v.mean - fx.v.mean) < 0.4 * fx.v.sd, `seed ${seed}: log(a+b) ${s.v.mean} vs ${fx.v.mean}`);
    assert.ok(s.u.sd / fx.u.sd > 0.5 && s.u.sd / fx.u.sd < 0.95, `seed ${seed}: sd of log(a/b) ${s.u.sd} vs ${fx.u.sd}`);
    assert.ok(s.v.sd / fx.v.sd > 0.3 && s.v.sd / fx.v.sd < 0.7, `seed ${seed}: sd of log(a+b) ${s.v.sd} vs ${fx.v.sd}`);
  }
});

test("shrinkage: every fitted rate lies between its raw rate and the population rate, as the exact ones do", () => {
  const s = summarize(fit(data, 4));
  const pop = 1 / (1 + Math.exp(-fx.u.mean));
  for (let i = 0; i < G; i++) {
    const raw = data.y[i]! / data.n[i]!, lo = Math.min(raw, pop) - 0.01, hi = Math.max(raw, pop) + 0.01;
    assert.ok(fx.theta.mean[i]! > lo && fx.theta.mean[i]! < hi, `exact, experiment ${i + 1}`);
    assert.ok(s.theta[i]!.mean > lo && s.theta[i]!.mean < hi, `fitted, experiment ${i + 1}: ${s.theta[i]!.mean} (raw ${raw})`);
  }
});

test.run();
