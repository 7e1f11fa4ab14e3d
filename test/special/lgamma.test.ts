// lgamma against the mpmath table (test/fixtures/special.json), at its special values, and against the laws
// Γ(x + 1) = xΓ(x) and Γ(x)Γ(1 - x) = π / sin(πx) in log form; Stirling's correction lgammaCorrection against it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { lgamma, lgammaCorrection } from "../../src/special/index.ts";
import { maxErr, mixedErr } from "../helpers/accuracy.ts";
import { EPS, fixture, type Region } from "./fixture.ts";

/** The accuracy lgamma promises: relative for x > 0, relative to max(1, |lgamma|) for x < 0. */
const REL_POS = 1e-14;
const MIXED_NEG = 1e-13;
/** The error lgamma(x) may carry by that promise. */
const bound = (x: number, v: number): number => (x > 0 ? REL_POS * Math.abs(v) : MIXED_NEG * Math.max(1, Math.abs(v)));

const check = (r: Region, measure?: (g: number, e: number) => number) => maxErr(r.x.map(lgamma), r.lgamma, measure);

test("lgamma is within 1e-14 relative error of mpmath for x from 1e-300 to 1e300", () => {
  const r = check(fixture.positive);
  assert.ok(r.max <= REL_POS, `max relative error ${r.max} at x = ${fixture.positive.x[r.index]}`);
});

test("lgamma keeps 1e-14 relative error within 1e-9 of 1 and 2, where its value is as small as 6e-10", () => {
  for (const region of [fixture.near1, fixture.near2, fixture.nearRoot]) {
    const r = check(region);
    assert.ok(r.max <= REL_POS, `max relative error ${r.max} at x = ${region.x[r.index]}`);
  }
});

test("lgamma of negative non-integers down to -200, 1e-12 from the poles, is within 1e-13 of mpmath relative to max(1, |lgamma|)", () => {
  const r = check(fixture.negative, mixedErr);
  assert.ok(r.max <= MIXED_NEG, `max error ${r.max} at x = ${fixture.negative.x[r.index]}`);
});

test("lgamma is exactly 0 at 1 and 2", () => {
  assert.is(lgamma(1), 0);
  assert.is(lgamma(2), 0);
});

test("lgamma is +Infinity at 0, at the negative integers and at both infinities, and NaN for NaN", () => {
  for (const x of [0, -0, -1, -2, -200, -(2 ** 52), -(2 ** 60), -Number.MAX_VALUE, Infinity, -Infinity]) {
    assert.is(lgamma(x), Infinity, `lgamma(${x})`);
  }
  assert.ok(Number.isNaN(lgamma(NaN)));
});

test("lgamma is -log|x| for |x| below 2^-70, down to the smallest subnormal", () => {
  for (const x of [5e-324, -5e-324, 1e-300, -1e-300, 2 ** -71]) assert.is(lgamma(x), -Math.log(Math.abs(x)));
});

test("lgamma overflows to +Infinity only where log Γ exceeds the double range (x > 2.55e305)", () => {
  assert.ok(Number.isFinite(lgamma(2.5e305)));
  assert.is(lgamma(2.6e305), Infinity);
  assert.is(lgamma(Number.MAX_VALUE), Infinity);
});

// x = k / 2^20 keeps x + 1 and 1 - x exact, so the laws hold for the very doubles passed in.
const grid = (lo: number, hi: number) => fc.integer({ min: lo * 2 ** 20, max: hi * 2 ** 20 }).map((k) => k / 2 ** 20);
const nonInteger = (x: number) => Math.floor(x) !== x;

test("lgamma(x + 1) = lgamma(x) + log|x| within the sum of the promised errors", () => {
  fc.assert(
    fc.property(grid(-200, 1000).filter(nonInteger), (x) => {
      const a = lgamma(x + 1), b = lgamma(x), l = Math.log(Math.abs(x));
      return Math.abs(a - b - l) <= bound(x + 1, a) + bound(x, b) + 2 * EPS * Math.abs(l);
    }),
    { numRuns: 3000 },
  );
});

test("lgamma(x) + lgamma(1 - x) = log(π / |sin πx|) within the sum of the promised errors", () => {
  fc.assert(
    fc.property(grid(-100, 100).filter(nonInteger), (x) => {
      const f = x - Math.floor(x); // exact; sin(πx) = ±sin(πf), and min(f, 1 - f) keeps π·f's rounding relative
      const rhs = Math.log(Math.PI / Math.sin(Math.PI * Math.min(f, 1 - f)));
      const a = lgamma(x), b = lgamma(1 - x);
      return Math.abs(a + b - rhs) <= bound(x, a) + bound(1 - x, b) + 4 * EPS * (1 + Math.abs(rhs));
    }),
    { numRuns: 3000 },
  );
});

test("lgammaCorrection is lgamma(x) - ((x - 1/2) log x - x + log √(2π)) for x >= 10, and NaN below", () => {
  fc.assert(
    fc.property(fc.double({ min: 10, max: 200, noNaN: true }), (x) => {
      const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI);
      const diff = lgamma(x) - stirling; // cancels: only good to ~ulp of lgamma(x)
      return Math.abs(lgammaCorrection(x) - diff) <= 8 * EPS * (Math.abs(lgamma(x)) + Math.abs(stirling));
    }),
    { numRuns: 1000 },
  );
  assert.ok(Number.isNaN(lgammaCorrection(9.99)));
  assert.ok(Number.isNaN(lgammaCorrection(NaN)));
  assert.is(lgammaCorrection(Infinity), 0);
});

test.run();
