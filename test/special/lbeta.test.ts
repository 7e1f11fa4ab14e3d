// lbeta against the mpmath table (test/fixtures/special.json), at its special values, and against symmetry,
// B(a + 1, b) = B(a, b)·a/(a + b), and the plain lgamma sum where that sum is still accurate.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { lbeta, lgamma } from "../../src/special/index.ts";
import { maxErr, mixedErr } from "../helpers/accuracy.ts";
import { EPS, fixture, type PairTable } from "./fixture.ts";

const REL = 1e-13;
const run = (t: PairTable) => t.a.map((a, i) => lbeta(a, t.b[i]!));

test("lbeta is within 1e-13 relative error of mpmath for a, b in [1e-3, 1e6]", () => {
  const t = fixture.lbeta;
  const r = maxErr(run(t), t.lbeta);
  assert.ok(r.max <= REL, `max relative error ${r.max} at (${t.a[r.index]}, ${t.b[r.index]})`);
});

test("lbeta is within 1e-14 absolute error next to the curve B(a, b) = 1, where it crosses 0", () => {
  const t = fixture.lbetaNearZero;
  const r = maxErr(run(t), t.lbeta, mixedErr);
  assert.ok(r.max <= 1e-14, `max absolute error ${r.max} at (${t.a[r.index]}, ${t.b[r.index]})`);
});

test("lbeta is +Infinity at a zero argument, -Infinity at an infinite one, NaN for negative or NaN arguments", () => {
  assert.is(lbeta(0, 2), Infinity);
  assert.is(lbeta(3, 0), Infinity);
  assert.is(lbeta(0, 0), Infinity);
  assert.is(lbeta(Infinity, 2), -Infinity);
  assert.is(lbeta(1e-3, Infinity), -Infinity);
  for (const [a, b] of [[-1, 2], [2, -0.5], [0, -1], [NaN, 1], [1, NaN], [0, NaN], [NaN, Infinity]] as const) {
    assert.ok(Number.isNaN(lbeta(a, b)), `lbeta(${a}, ${b})`);
  }
  assert.is(lbeta(1, 1), 0);
});

const logUniform = (lo: number, hi: number) =>
  fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map(Math.exp);
/** What lbeta promises, as the error it may carry: relative, except next to its zero set. */
const bound = (v: number): number => REL * Math.max(1, Math.abs(v));

test("lbeta(a, b) equals lbeta(b, a) exactly", () => {
  fc.assert(fc.property(logUniform(1e-3, 1e6), logUniform(1e-3, 1e6), (a, b) => lbeta(a, b) === lbeta(b, a)), { numRuns: 2000 });
});

test("lbeta(a + 1, b) = lbeta(a, b) + log(a / (a + b)) within the sum of the promised errors", () => {
  // a = k / 2^20 keeps a + 1 exact; a/(a + b) carries two roundings, so its log is off by up to 2 ulp of 1.
  const a = fc.integer({ min: 2 ** 10, max: 2 ** 40 }).map((k) => k / 2 ** 20);
  fc.assert(
    fc.property(a, logUniform(1e-3, 1e6), (a, b) => {
      const l1 = lbeta(a + 1, b), l0 = lbeta(a, b), d = Math.log(a / (a + b));
      return Math.abs(l1 - l0 - d) <= bound(l1) + bound(l0) + 2 * EPS * (1 + Math.abs(d));
    }),
    { numRuns: 3000 },
  );
});

test("lbeta's Stirling branches agree with lgamma(a) + lgamma(b) - lgamma(a + b) where that sum keeps 1e-14 of its largest term", () => {
  fc.assert(
    fc.property(fc.double({ min: 1e-3, max: 60, noNaN: true }), fc.double({ min: 10, max: 60, noNaN: true }), (a, b) => {
      const la = lgamma(a), lb = lgamma(b), lab = lgamma(a + b);
      const scale = Math.abs(la) + Math.abs(lb) + Math.abs(lab);
      return Math.abs(lbeta(a, b) - (la + lb - lab)) <= 1e-14 * scale;
    }),
    { numRuns: 3000 },
  );
});

test.run();
