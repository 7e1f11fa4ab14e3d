// standardGammaGrad (dx/dalpha of a Gamma(alpha, 1) sample) against mpmath's 40-digit derivative
// (test/fixtures/incomplete-gamma.json, scripts/fixtures_incomplete.py), the transport equation, and edge cases.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { digamma, gammainc, gammaincc, standardGammaGrad } from "../../src/special/index.ts";
import { maxErr, readFixture } from "../helpers/accuracy.ts";
import { numericDerivative } from "../helpers/check-grad.ts";

interface GammaFixture {
  columns: string[];
  rows: number[][];
  largeColumns: string[];
  large: number[][];
}
const G = readFixture(new URL("../fixtures/incomplete-gamma.json", import.meta.url)) as GammaFixture;
interface WideFixture {
  gamma: number[][];
  smallA: number[][];
}
const W = readFixture(new URL("../fixtures/incomplete-wide.json", import.meta.url)) as WideFixture;

const col = (rows: number[][], cols: string[], name: string): number[] => rows.map((r) => r[cols.indexOf(name)]!);

/** The acceptance bound. Measured: 4.4e-15 on the grid (alpha in [1e-3, 1e4]), 2.2e-16 at alpha = 3e4 ... 1e6. */
const GAMMA_GRAD_TOL = 1e-10;

test("standardGammaGrad is within 1e-10 relative error of mpmath at quantiles 1e-6 ... 1-1e-6 for alpha in [1e-3, 1e4]", () => {
  const [alpha, x, grad] = ["alpha", "x", "grad"].map((c) => col(G.rows, G.columns, c)) as [number[], number[], number[]];
  const r = maxErr(alpha.map((a, i) => standardGammaGrad(a, x[i]!)), grad);
  assert.ok(r.max <= GAMMA_GRAD_TOL, `max relative error ${r.max} at alpha = ${alpha[r.index]}, x = ${x[r.index]}`);
  assert.ok(r.max <= 1e-12, `regression: max relative error ${r.max} (measured 4.4e-15)`);
});

test("standardGammaGrad keeps 1e-10 at alpha = 3e4, 1e5 and 1e6: its iteration budget grows with sqrt(alpha)", () => {
  const [alpha, x, grad] = ["alpha", "x", "grad"].map((c) => col(G.large, G.largeColumns, c)) as [number[], number[], number[]];
  const r = maxErr(alpha.map((a, i) => standardGammaGrad(a, x[i]!)), grad);
  assert.ok(r.max <= GAMMA_GRAD_TOL, `max relative error ${r.max} at alpha = ${alpha[r.index]}, x = ${x[r.index]}`);
});

test("standardGammaGrad satisfies the transport equation d/dalpha log p + (d/dx log p) v + dv/dx = 0", () => {
  // log p(x; alpha) = (alpha - 1) log x - x - lgamma(alpha); v = dx/dalpha. dv/dx by Richardson central differences
  // (v is smooth in x), with a step well inside the scale min(x, sqrt(x)) on which v varies.
  fc.assert(
    fc.property(fc.double({ min: -2, max: 4, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (la, r) => {
      const alpha = 10 ** la;
      const x = alpha * Math.exp(r * Math.max(1, 1 / alpha) / Math.sqrt(alpha + 1) * 2);
      const v = standardGammaGrad(alpha, x);
      const dv = numericDerivative((t) => standardGammaGrad(alpha, t), x, 1e-3 * x / Math.max(1, Math.sqrt(x)));
      const terms = [Math.log(x) - digamma(alpha), ((alpha - 1) / x - 1) * v, dv];
      const residual = terms[0]! + terms[1]! + terms[2]!;
      return Math.abs(residual) <= 1e-7 * (Math.abs(terms[0]!) + Math.abs(terms[1]!) + Math.abs(terms[2]!));
    }),
  );
});

test("standardGammaGrad is 0 at x = 0 (its limit), +Infinity at x = Infinity, NaN outside its domain", () => {
  assert.is(standardGammaGrad(2, 0), 0);
  assert.is(standardGammaGrad(1e-3, 0), 0);
  assert.is(standardGammaGrad(2, Infinity), Infinity);
  for (const [a, x] of [[NaN, 1], [1, NaN], [0, 1], [-2, 1], [1, -1], [Infinity, 1]] as const) {
    assert.ok(Number.isNaN(standardGammaGrad(a, x)), `standardGammaGrad(${a}, ${x})`);
  }
});

test("standardGammaGrad tends to its small-x limit x (psi(alpha + 1) - log x) / alpha", () => {
  for (const alpha of [1e-3, 0.5, 3]) {
    for (const x of [1e-300, 1e-100, 1e-20]) {
      const limit = x * (digamma(alpha + 1) - Math.log(x)) / alpha;
      const v = standardGammaGrad(alpha, x);
      assert.ok(Math.abs(v - limit) <= 1e-14 * limit, `alpha = ${alpha}, x = ${x}: ${v} vs ${limit}`);
    }
  }
});

test("standardGammaGrad is within 1e-13 of mpmath for alpha = 10^(k/3) in [1e-6, 1e8] at quantiles 1e-6 ... 1-1e-6", () => {
  // Measured 9.8e-15 (316 points; 2.2e-16 for alpha >= 1e4, where Temme's expansion serves the bulk).
  const r = maxErr(W.gamma.map((row) => standardGammaGrad(row[0]!, row[2]!)), W.gamma.map((row) => row[5]!));
  assert.ok(r.max <= 1e-13, `max relative error ${r.max} at row ${r.index}: ${r.got} vs ${r.expected}`);
});

test("gammainc and gammaincc are within 1e-13 of mpmath over the same wide grid, and gammaincc for small a", () => {
  // Measured: P 3.6e-15, Q 9.1e-15 on the grid; Q 1.6e-15 on the small-a table (a down to 1e-300, x <= 1).
  const normal = (v: number) => v > 1e-300;
  const grid = W.gamma.filter((row) => normal(row[3]!) && normal(row[4]!));
  const rp = maxErr(grid.map((row) => gammainc(row[0]!, row[2]!)), grid.map((row) => row[3]!));
  const rq = maxErr(grid.map((row) => gammaincc(row[0]!, row[2]!)), grid.map((row) => row[4]!));
  const rs = maxErr(W.smallA.map((row) => gammaincc(row[0]!, row[1]!)), W.smallA.map((row) => row[2]!));
  assert.ok(rp.max <= 1e-13, `P: ${rp.max} at row ${rp.index}`);
  assert.ok(rq.max <= 1e-13, `Q: ${rq.max} at row ${rq.index}`);
  assert.ok(rs.max <= 1e-14, `Q, small a: ${rs.max} at row ${rs.index}`);
});

test.run();
