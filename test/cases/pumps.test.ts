// The pump-failure case study (examples/pumps.ts) against scripts/fixtures_pumps.py's quadrature over (α, β): the
// conjugate level with the hyperparameters fixed (the guide's family holds the exact posterior), and the full
// hierarchy (mean-field), on three seeds. docs/12-pump-failures.md justifies each bound.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fit, fitFixed, loadPumps, summarize } from "../../examples/pumps.ts";

interface Moments { mean: number; sd: number }
const fx = JSON.parse(readFileSync(new URL("../fixtures/pumps.json", import.meta.url), "utf8")) as {
  mode: { alpha: number; beta: number }; logAlpha: Moments; logBeta: Moments; theta: { mean: number[]; sd: number[] };
};
const data = loadPumps();
const n = data.x.length;

test("(alpha, beta) fixed at the posterior mode: every fitted Gamma is Gamma(alpha + x_i, beta + t_i) to 1e-6 relative", () => {
  const { alpha, beta } = fx.mode;
  for (const seed of [1, 2]) {
    const svi = fitFixed(data, alpha, beta, seed);
    const c = svi.params.get<Float64Array>("theta_concentration"), r = svi.params.get<Float64Array>("theta_rate");
    for (let i = 0; i < n; i++) {
      const ec = alpha + data.x[i]!, er = beta + data.t[i]!;
      assert.ok(Math.abs(c[i]! / ec - 1) < 1e-6 && Math.abs(r[i]! / er - 1) < 1e-6, `seed ${seed}, pump ${i + 1}: Gamma(${c[i]}, ${r[i]}) vs Gamma(${ec}, ${er})`);
    }
  }
});

test("full hierarchy, mean-field: rates within 0.2 posterior sd and 10%, sds within 15%; hyperparameter sds under", () => {
  for (const seed of [1, 2, 3]) {
    const s = summarize(fit(data, seed));
    for (let i = 0; i < n; i++) {
      const q = s.theta[i]!, m = fx.theta.mean[i]!, sd = fx.theta.sd[i]!;
      const where = `seed ${seed}, pump ${i + 1}: ${q.mean} ± ${q.sd} vs ${m} ± ${sd}`;
      assert.ok(Math.abs(q.mean - m) < 0.2 * sd && Math.abs(q.mean / m - 1) < 0.1, where);
      assert.ok(q.sd / sd > 0.85 && q.sd / sd < 1.15, where);
    }
    for (const [name, q, exact] of [["log alpha", s.logAlpha, fx.logAlpha], ["log beta", s.logBeta, fx.logBeta]] as const) {
      assert.ok(Math.abs(q.mean - exact.mean) < 0.25 * exact.sd, `seed ${seed}: E ${name} ${q.mean} vs ${exact.mean}`);
      assert.ok(q.sd / exact.sd > 0.5 && q.sd / exact.sd < 0.8, `seed ${seed}: sd of ${name} ${q.sd} vs ${exact.sd}`);
    }
  }
});

test.run();
