// The eight schools case study (examples/eight-schools.ts) against scripts/fixtures_eight_schools.py's quadrature
// over τ, in both forms on several seeds, with the hand-written guide and with AutoNormal (whose family is the same:
// Normal on μ, θ_j, η_j and on log τ); the centred form also against mean-field's own fixed-point equations.
// docs/11-eight-schools.md justifies each bound.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FIT, fit, loadSchools, summarize, type GuideKind } from "../../examples/eight-schools.ts";

interface Moments { mean: number; sd: number }
const fx = JSON.parse(readFileSync(new URL("../fixtures/eight-schools.json", import.meta.url), "utf8")) as {
  mu: Moments; tau: Moments; logTau: Moments; theta: { mean: number[]; sd: number[] };
};
const data = loadSchools();
const J = data.y.length;

const kinds: GuideKind[] = ["hand-written", "AutoNormal"];

for (const kind of kinds) test(`non-centred, ${kind}: schools within 0.2 posterior sd and their sds within 20%, mu within 0.1 sd; sd of log tau under`, () => {
  for (const seed of [1, 2, 3]) {
    const s = summarize(fit(data, "non-centred", seed, FIT, kind), "non-centred");
    for (let j = 0; j < J; j++) {
      const q = s.theta[j]!, m = fx.theta.mean[j]!, sd = fx.theta.sd[j]!;
      const where = `${kind}, seed ${seed}, school ${data.names[j]}: ${q.mean} ± ${q.sd} vs ${m} ± ${sd}`;
      assert.ok(Math.abs(q.mean - m) < 0.2 * sd && Math.abs(q.sd / sd - 1) < 0.2, where);
    }
    assert.ok(Math.abs(s.mu.mean - fx.mu.mean) < 0.1 * fx.mu.sd && Math.abs(s.mu.sd / fx.mu.sd - 1) < 0.15, `${kind}, seed ${seed}: mu ${s.mu.mean} ± ${s.mu.sd}`);
    assert.ok(Math.abs(s.logTau.mean - fx.logTau.mean) < 0.15 * fx.logTau.sd, `${kind}, seed ${seed}: E log tau ${s.logTau.mean} vs ${fx.logTau.mean}`);
    const r = s.logTau.sd / fx.logTau.sd;
    assert.ok(r > 0.45 && r < 0.9, `${kind}, seed ${seed}: sd of log tau ${s.logTau.sd} vs ${fx.logTau.sd}`);
  }
});

for (const kind of kinds) test(`centred, ${kind}: the guide sits at mean-field's fixed point, and so underestimates mu's sd by half`, () => {
  for (const seed of [1, 2]) {
    const svi = fit(data, "centred", seed, FIT, kind);
    const s = summarize(svi, "centred");
    // Under q, E[1/tau^2] = exp(-2m + 2s^2) for log tau ~ N(m, s^2).
    const invTau2 = Math.exp(-2 * s.logTau.mean + 2 * s.logTau.sd ** 2);
    // mu's full conditional is Normal with precision 1/25 + J/tau^2: the optimal Normal q(mu) has precision
    // 1/25 + J E_q[1/tau^2] (CAVI's update), whatever q(tau) is.
    const muSd = 1 / Math.sqrt(1 / 25 + J * invTau2);
    assert.ok(Math.abs(s.mu.sd / muSd - 1) < 0.05, `${kind}, seed ${seed}: sd of mu ${s.mu.sd} vs fixed point ${muSd}`);
    assert.ok(s.mu.sd / fx.mu.sd < 0.6, `${kind}, seed ${seed}: sd of mu ${s.mu.sd} vs exact ${fx.mu.sd}`);
    assert.ok(Math.abs(s.mu.mean - fx.mu.mean) < 0.1 * fx.mu.sd, `${kind}, seed ${seed}: mu ${s.mu.mean} vs exact ${fx.mu.mean}`);
    for (let j = 0; j < J; j++) {
      // theta_j's full conditional: precision 1/sigma_j^2 + 1/tau^2, mean (y_j/sigma_j^2 + mu/tau^2)/precision.
      const prec = 1 / data.sigma[j]! ** 2 + invTau2;
      const mean = (data.y[j]! / data.sigma[j]! ** 2 + s.mu.mean * invTau2) / prec;
      const q = s.theta[j]!, where = `${kind}, seed ${seed}, school ${data.names[j]}: ${q.mean} ± ${q.sd}`;
      assert.ok(Math.abs(q.sd * Math.sqrt(prec) - 1) < 0.05, `${where} vs fixed point sd ${1 / Math.sqrt(prec)}`);
      assert.ok(Math.abs(q.mean - mean) < 0.1 * q.sd, `${where} vs fixed point mean ${mean}`);
      // Against the exact posterior: means within 0.35 sd, sds in [0.85, 1.1] of the exact ones.
      const r = q.sd / fx.theta.sd[j]!;
      assert.ok(Math.abs(q.mean - fx.theta.mean[j]!) < 0.35 * fx.theta.sd[j]! && r > 0.85 && r < 1.1, `${where} vs exact`);
    }
  }
});

test.run();
