// The autoguides' quantile functions against 40-digit roots of mpmath's incomplete functions
// (scripts/fixtures_autoguides.py), and against closed forms where the family has one.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { betaQuantile, gammaQuantile, normalQuantile } from "../../src/infer/auto-quantile.ts";

const { quantiles } = JSON.parse(readFileSync(new URL("../fixtures/autoguides.json", import.meta.url), "utf8")) as {
  quantiles: { normal: { p: number; x: number }[]; gamma: { a: number; p: number; x: number }[]; beta: { a: number; b: number; p: number; x: number }[] };
};
const rel = (x: number, want: number): number => (want === 0 ? Math.abs(x) : Math.abs(x / want - 1));

test("normalQuantile (AS 241) is within 2e-15 relative of the fixture, and 0 at p = 1/2", () => {
  for (const { p, x } of quantiles.normal) assert.ok(rel(normalQuantile(p), x) <= 2e-15 || Math.abs(normalQuantile(p) - x) <= 1e-16, `p ${p}: ${normalQuantile(p)} vs ${x}`);
  assert.is(normalQuantile(0.5), 0);
  assert.ok(normalQuantile(0.3) === -normalQuantile(0.7) || rel(normalQuantile(0.3), -normalQuantile(0.7)) < 1e-15);
});

test("gammaQuantile is within 1e-13 relative of the fixture for α from 0.3 to 150 and p from 1e-10 to 0.999", () => {
  for (const { a, p, x } of quantiles.gamma) assert.ok(rel(gammaQuantile(p, a), x) <= 1e-13, `a ${a}, p ${p}: ${gammaQuantile(p, a)} vs ${x}`);
});

test("gammaQuantile of Gamma(1, 1) is the Exponential's -log(1 - p)", () => {
  for (const p of [1e-6, 0.05, 0.5, 0.9, 0.999]) assert.ok(rel(gammaQuantile(p, 1), -Math.log1p(-p)) <= 1e-14, `p ${p}`);
});

test("betaQuantile is within 1e-13 relative of the fixture, tails included", () => {
  for (const { a, b, p, x } of quantiles.beta) assert.ok(rel(betaQuantile(p, a, b), x) <= 1e-13, `(${a}, ${b}), p ${p}: ${betaQuantile(p, a, b)} vs ${x}`);
});

test("betaQuantile of Beta(a, 1) is p^(1/a) and of Beta(1, b) is 1 - (1 - p)^(1/b)", () => {
  for (const p of [1e-6, 0.05, 0.5, 0.9]) {
    assert.ok(rel(betaQuantile(p, 3, 1), p ** (1 / 3)) <= 1e-14, `Beta(3, 1), p ${p}`);
    assert.ok(rel(betaQuantile(p, 1, 4), -Math.expm1(Math.log1p(-p) / 4)) <= 1e-14, `Beta(1, 4), p ${p}`);
  }
});

test.run();
