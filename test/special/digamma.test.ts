// digamma against the mpmath table (test/fixtures/special.json), at its special values (and the signed-zero
// convention), and against the laws ψ(x + 1) = ψ(x) + 1/x and ψ(1 - x) - ψ(x) = π cot(πx).
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { digamma } from "../../src/special/index.ts";
import { maxErr, mixedErr } from "../helpers/accuracy.ts";
import { EPS, fixture, type Region } from "./fixture.ts";

/** The accuracy digamma promises: relative for x > 0, relative to max(1, |ψ|) for x < 0. */
const REL_POS = 1e-13;
const MIXED_NEG = 1e-13;
const bound = (x: number, v: number): number => (x > 0 ? REL_POS * Math.abs(v) : MIXED_NEG * Math.max(1, Math.abs(v)));

const check = (r: Region, measure?: (g: number, e: number) => number) => maxErr(r.x.map(digamma), r.digamma, measure);

test("digamma is within 1e-13 relative error of mpmath for x from 1e-300 to 1e300", () => {
  const r = check(fixture.positive);
  assert.ok(r.max <= REL_POS, `max relative error ${r.max} at x = ${fixture.positive.x[r.index]}`);
});

test("digamma keeps 1e-13 relative error next to its root, 1 and 2, including the doubles nearest the root", () => {
  for (const region of [fixture.nearRoot, fixture.near1, fixture.near2]) {
    const r = check(region);
    assert.ok(r.max <= REL_POS, `max relative error ${r.max} at x = ${region.x[r.index]}`);
  }
  // At the double nearest the root ψ is ~1e-17: only the two-part root gets its sign and digits right.
  const root = fixture.digammaRoot;
  const i = fixture.nearRoot.x.indexOf(root);
  assert.ok(Math.abs(digamma(root) - fixture.nearRoot.digamma[i]!) <= 1e-13 * Math.abs(fixture.nearRoot.digamma[i]!));
});

test("digamma of negative non-integers down to -200, 1e-12 from the poles, is within 1e-13 of mpmath relative to max(1, |ψ|)", () => {
  const r = check(fixture.negative, mixedErr);
  assert.ok(r.max <= MIXED_NEG, `max error ${r.max} at x = ${fixture.negative.x[r.index]}`);
});

test("digamma(1) is minus the Euler-Mascheroni constant to the last bit", () => {
  assert.is(digamma(1), -0.5772156649015329);
});

test("digamma is -Infinity at +0 and +Infinity at -0, like -1/x, and +Infinity at +Infinity", () => {
  assert.is(digamma(0), -Infinity);
  assert.is(digamma(-0), Infinity);
  assert.is(digamma(5e-324), -Infinity); // -1/x overflows before the zero is reached
  assert.is(digamma(Infinity), Infinity);
});

test("digamma is NaN at the negative integers, at -Infinity and for NaN", () => {
  for (const x of [-1, -2, -200, -(2 ** 52), -(2 ** 60), -Infinity, NaN]) assert.ok(Number.isNaN(digamma(x)), `digamma(${x})`);
});

// x = k / 2^20 keeps x + 1 and 1 - x exact, so the laws hold for the very doubles passed in.
const grid = (lo: number, hi: number) => fc.integer({ min: lo * 2 ** 20, max: hi * 2 ** 20 }).map((k) => k / 2 ** 20);
const nonInteger = (x: number) => Math.floor(x) !== x;

test("digamma(x + 1) = digamma(x) + 1/x within the sum of the promised errors", () => {
  fc.assert(
    fc.property(grid(-200, 1000).filter(nonInteger), (x) => {
      const a = digamma(x + 1), b = digamma(x);
      return Math.abs(a - b - 1 / x) <= bound(x + 1, a) + bound(x, b) + EPS * Math.abs(1 / x);
    }),
    { numRuns: 3000 },
  );
});

test("digamma(1 - x) - digamma(x) = π cot(πx) within the sum of the promised errors", () => {
  fc.assert(
    fc.property(grid(-100, 100).filter(nonInteger), (x) => {
      // cot(πx) = cot(πf) with f = frac(x) exact; folding f > 1/2 to 1 - f keeps π·f's rounding relative.
      const f = x - Math.floor(x);
      const g = Math.min(f, 1 - f);
      const rhs = ((f <= 0.5 ? 1 : -1) * Math.PI * Math.cos(Math.PI * g)) / Math.sin(Math.PI * g);
      const a = digamma(1 - x), b = digamma(x);
      return Math.abs(a - b - rhs) <= bound(1 - x, a) + bound(x, b) + 4 * EPS * Math.abs(rhs);
    }),
    { numRuns: 3000 },
  );
});

test.run();
