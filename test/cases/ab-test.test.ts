// The A/B/n case study (examples/ab-test.ts) against scripts/fixtures_ab_test.py's quadrature of the exact Beta
// posteriors: the fitted guide is the exact posterior (its family holds it), and P(best), the expected losses and the
// posterior means from its Predictive draws agree with the exact values within their Monte Carlo error. docs/13-ab-test.md explains the bounds.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRng } from "../../src/index.ts";
import { decide, fit, guideBetas, loadVariants } from "../../examples/ab-test.ts";

const fx = JSON.parse(readFileSync(new URL("../fixtures/ab-test.json", import.meta.url), "utf8")) as {
  posterior: [number, number][]; pBest: number[]; expectedLoss: number[];
};
const data = loadVariants();
const k = data.y.length;

test("every fitted Beta is the exact posterior Beta(1 + y_i, 1 + n_i - y_i) to 1e-5 relative, on two seeds", () => {
  for (const seed of [1, 2]) {
    const { alpha, beta } = guideBetas(fit(data, seed));
    for (let i = 0; i < k; i++) {
      const [a, b] = fx.posterior[i]!;
      assert.ok(Math.abs(alpha[i]! / a - 1) < 1e-5 && Math.abs(beta[i]! / b - 1) < 1e-5, `seed ${seed}, ${data.names[i]}: Beta(${alpha[i]}, ${beta[i]}) vs Beta(${a}, ${b})`);
    }
  }
});

test("P(best), expected loss and posterior means from 200,000 Predictive draws: within 4 Monte Carlo standard errors of the exact values", () => {
  const svi = fit(data, 3);
  for (const drawSeed of [7, 8]) {
    const d = decide(svi, data, 200_000, createRng(drawSeed));
    let total = 0;
    for (let i = 0; i < k; i++) {
      total += d.pBest[i]!;
      const where = `draws ${drawSeed}, ${data.names[i]}`;
      assert.ok(Math.abs(d.pBest[i]! - fx.pBest[i]!) < 4 * d.pBestSe[i]!, `${where}: P(best) ${d.pBest[i]} ± ${d.pBestSe[i]} vs ${fx.pBest[i]}`);
      assert.ok(Math.abs(d.expectedLoss[i]! - fx.expectedLoss[i]!) < 4 * d.expectedLossSe[i]!,
        `${where}: loss ${d.expectedLoss[i]} ± ${d.expectedLossSe[i]} vs ${fx.expectedLoss[i]}`);
      // summary's mean of the theta draws against the exact Beta(a, b) mean a / (a + b), its standard error sd/√N.
      const [a, b] = fx.posterior[i]!, se = d.theta.sd[i]! / Math.sqrt(d.draws);
      assert.ok(Math.abs(d.theta.mean[i]! - a / (a + b)) < 4 * se, `${where}: mean ${d.theta.mean[i]} ± ${se} vs ${a / (a + b)}`);
    }
    assert.ok(Math.abs(total - 1) < 1e-12);
  }
});

test.run();
