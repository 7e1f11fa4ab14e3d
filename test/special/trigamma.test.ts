// trigamma against the mpmath table (test/fixtures/special.json), at its special values, and against the laws
// ψ'(x + 1) = ψ'(x) - 1/x² and ψ'(1 - x) + ψ'(x) = π² / sin²(πx).
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { trigamma } from "../../src/special/index.ts";
import { maxErr, mixedErr } from "../helpers/accuracy.ts";
import { EPS, fixture, type Region } from "./fixture.ts";

/** The accuracy trigamma promises: relative for x > 0, relative to max(1, ψ') for x < 0. */
const REL_POS = 1e-14;
const MIXED_NEG = 1e-13;
const bound = (x: number, v: number): number => (x > 0 ? REL_POS * v : MIXED_NEG * Math.max(1, v));

const check = (r: Region, measure?: (g: number, e: number) => number) => maxErr(r.x.map(trigamma), r.trigamma, measure);

test("trigamma is within 1e-14 relative error of mpmath for x from 1e-300 to 1e300, overflowing where mpmath's value does", () => {
  for (const region of [fixture.positive, fixture.near1, fixture.near2, fixture.nearRoot]) {
    const r = check(region);
    assert.ok(r.max <= REL_POS, `max relative error ${r.max} at x = ${region.x[r.index]}`);
  }
});

test("trigamma of negative non-integers down to -200, 1e-12 from the poles, is within 1e-13 of mpmath relative to max(1, ψ')", () => {
  const r = check(fixture.negative, mixedErr);
  assert.ok(r.max <= MIXED_NEG, `max error ${r.max} at x = ${fixture.negative.x[r.index]}`);
});

test("trigamma(1) is π²/6 to the last bit", () => {
  assert.is(trigamma(1), 1.6449340668482264);
});

test("trigamma is +Infinity at 0 and the negative integers, 0 at +Infinity, NaN at -Infinity and for NaN", () => {
  for (const x of [0, -0, -1, -2, -200, -(2 ** 52), -(2 ** 60)]) assert.is(trigamma(x), Infinity, `trigamma(${x})`);
  assert.is(trigamma(Infinity), 0);
  assert.ok(Number.isNaN(trigamma(-Infinity)));
  assert.ok(Number.isNaN(trigamma(NaN)));
});

test("trigamma is 1/x² for tiny |x| on both sides of 0, and overflows only where 1/x² does", () => {
  for (const x of [1e-100, -1e-100, 1e-154, -1e-154]) {
    assert.ok(Math.abs(trigamma(x) * x * x - 1) <= 4 * EPS, `trigamma(${x})`);
  }
  assert.is(trigamma(1e-155), Infinity);
  assert.is(trigamma(-1e-155), Infinity);
});

// x = k / 2^20 keeps x + 1 and 1 - x exact, so the laws hold for the very doubles passed in.
const grid = (lo: number, hi: number) => fc.integer({ min: lo * 2 ** 20, max: hi * 2 ** 20 }).map((k) => k / 2 ** 20);
const nonInteger = (x: number) => Math.floor(x) !== x;

test("trigamma(x + 1) = trigamma(x) - 1/x² within the sum of the promised errors", () => {
  fc.assert(
    fc.property(grid(-200, 1000).filter(nonInteger), (x) => {
      const a = trigamma(x + 1), b = trigamma(x), r = 1 / (x * x);
      return Math.abs(a - b + r) <= bound(x + 1, a) + bound(x, b) + 2 * EPS * r;
    }),
    { numRuns: 3000 },
  );
});

test("trigamma(1 - x) + trigamma(x) = π² / sin²(πx) within the sum of the promised errors", () => {
  fc.assert(
    fc.property(grid(-100, 100).filter(nonInteger), (x) => {
      const f = x - Math.floor(x); // exact; |sin(πx)| = sin(π·min(f, 1 - f)) without π·x's rounding
      const s = Math.sin(Math.PI * Math.min(f, 1 - f));
      const rhs = (Math.PI * Math.PI) / (s * s);
      const a = trigamma(1 - x), b = trigamma(x);
      return Math.abs(a + b - rhs) <= bound(1 - x, a) + bound(x, b) + 8 * EPS * rhs;
    }),
    { numRuns: 3000 },
  );
});

test.run();
