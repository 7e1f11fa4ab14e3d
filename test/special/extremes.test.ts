// Every special function at extreme arguments (0, subnormals, 1e-300, 1e308, Infinity, NaN and pairs of them): it
// returns, gives the documented special value outside its domain, and matches mpmath where the answer is finite
// (test/fixtures/extremes.json, scripts/fixtures_incomplete.py). The samplers' extremes are in test/random/.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as sf from "../../src/special/index.ts";
import { readFixture, relErr } from "../helpers/accuracy.ts";

interface Extremes {
  gamma: number[][];
  beta: number[][];
  special: number[][];
  lbeta: number[][];
  missing: unknown[][];
}
const E = readFixture(new URL("../fixtures/extremes.json", import.meta.url)) as Extremes;

const VALUES = [0, 5e-324, 1e-310, 1e-300, 1e-8, 0.5, 1, 3, 1e8, 1e16, 1e308, Infinity, NaN];
const XS = [0, 5e-324, 1e-300, 0.3, 0.5, 1 - 2 ** -53, 1, NaN];

/**
 * Agreement with a reference: relative error <= tol where the reference is a normal double, absolute error
 * <= 2^-1022 where it is below the normal range (a result may underflow a little earlier or later), equality for
 * infinities and NaN.
 */
function close(got: number, want: number, tol: number): boolean {
  if (Number.isNaN(want) || !Number.isFinite(want)) return Object.is(got, want) || got === want;
  if (Math.abs(want) < 2 ** -1022) return Math.abs(got - want) <= 2 ** -1022;
  return relErr(got, want) <= tol;
}

test("every special function returns a number at every pair (and triple) of extreme arguments", () => {
  const out = [0, 0, 0];
  for (const a of VALUES) {
    for (const f of [sf.lgamma, sf.digamma, sf.trigamma, sf.log1pmx, sf.sigmoid, sf.softplus, sf.logSigmoid]) {
      assert.type(f(a), "number");
    }
    for (const b of VALUES) {
      for (const f of [sf.lbeta, sf.gammainc, sf.gammaincc, sf.standardGammaGrad]) assert.type(f(a, b), "number");
      for (const x of XS) {
        assert.type(sf.betainc(a, b, x), "number");
        assert.type(sf.betaincc(a, b, x), "number");
        sf.betaincGradInto(out, a, b, x);
        sf.betaSampleGradInto(out, x, a, b);
        assert.type(out[0], "number");
      }
    }
  }
});

test("outside their domains the functions give the documented special values", () => {
  for (const v of [0, -1, Infinity, NaN]) {
    assert.ok(Number.isNaN(sf.gammainc(v, 1)) && Number.isNaN(sf.gammaincc(v, 1)), `gammainc(${v}, 1)`);
    assert.ok(Number.isNaN(sf.standardGammaGrad(v, 1)), `standardGammaGrad(${v}, 1)`);
    assert.ok(Number.isNaN(sf.betainc(v, 1, 0.5)) && Number.isNaN(sf.betainc(1, v, 0.5)), `betainc at ${v}`);
    assert.ok(Number.isNaN(sf.betaSampleGrad(0.5, v, 1)[0]), `betaSampleGrad at ${v}`);
  }
  for (const a of [5e-324, 1e-300, 1, 1e308]) {
    assert.is(sf.gammainc(a, 0), 0);
    assert.is(sf.gammaincc(a, 0), 1);
    assert.is(sf.gammainc(a, Infinity), 1);
    assert.is(sf.gammaincc(a, Infinity), 0);
    assert.is(sf.standardGammaGrad(a, 0), 0);
    assert.is(sf.standardGammaGrad(a, Infinity), Infinity);
    assert.is(sf.betainc(a, a, 0), 0);
    assert.is(sf.betainc(a, a, 1), 1);
    assert.is(sf.lbeta(0, a), Infinity);
    assert.is(sf.lbeta(Infinity, a), -Infinity);
  }
  assert.is(sf.lgamma(0), Infinity);
  assert.is(sf.lgamma(Infinity), Infinity);
  assert.is(sf.digamma(0), -Infinity);
  assert.is(sf.digamma(Infinity), Infinity);
  assert.is(sf.trigamma(0), Infinity);
  assert.is(sf.trigamma(Infinity), 0);
  for (const f of [sf.lgamma, sf.digamma, sf.trigamma]) assert.ok(Number.isNaN(f(NaN)));
});

test("a wrong-typed argument is a TypeError naming the argument, for every special function", () => {
  const bad = "1" as unknown as number;
  const cases: [() => unknown, RegExp][] = [
    [() => sf.lgamma(bad), /^lgamma: x must be a number/],
    [() => sf.digamma(bad), /^digamma: x must be a number/],
    [() => sf.trigamma(bad), /^trigamma: x must be a number/],
    [() => sf.lbeta(1, bad), /^lbeta: b must be a number/],
    [() => sf.gammainc(bad, 1), /^gammainc: a must be a number/],
    [() => sf.gammaincc(1, bad), /^gammaincc: x must be a number/],
    [() => sf.standardGammaGrad(1, bad), /^standardGammaGrad: x must be a number/],
    [() => sf.betainc(1, 1, bad), /^betainc: x must be a number/],
    [() => sf.betaincc(bad, 1, 0.5), /^betaincc: a must be a number/],
    [() => sf.betaSampleGrad(0.5, 1, bad), /^betaSampleGradInto: b must be a number/],
    [() => sf.betaSampleGradInto(new Float32Array(2) as never, 0.5, 1, 1), /^betaSampleGradInto: out must be a Float64Array or an Array/],
    [() => sf.betaincGradInto([0, 0, 0], 1, 1, true as never), /^betaincGradInto: x must be a number/],
    [() => sf.sigmoid(bad), /^sigmoid: x must be a number/],
    [() => sf.log1pmx(bad), /^log1pmx: t must be a number/],
  ];
  for (const [f, re] of cases) assert.throws(f, (e: unknown) => e instanceof TypeError && re.test((e as Error).message), re.source);
});

/**
 * The fixture's references are trusted where every argument lies in [1e-300, 1e16]: at 5e-324 and 1e308, mpmath at
 * 40-60 digits (mp.beta, and the quadrature's breakpoints x ± s·sqrt(a)) loses the answer (lbeta(1, 1e308) = 0,
 * P(1e308, 1e308) = 1); those points are covered by the special-value and returns-a-number tests above.
 */
const inRange = (v: number): boolean => v >= 1e-300 && v <= 1e16;

test("lgamma, digamma, trigamma and lbeta match mpmath at extreme arguments", () => {
  for (const [x, lg, dg, tg] of E.special) {
    assert.ok(close(sf.lgamma(x!), lg!, 1e-15), `lgamma(${x})`);
    assert.ok(close(sf.digamma(x!), dg!, 1e-15), `digamma(${x})`);
    assert.ok(close(sf.trigamma(x!), tg!, 1e-15), `trigamma(${x})`);
  }
  for (const [a, b, want] of E.lbeta.filter((r) => r[0]! <= 1e16 && r[1]! <= 1e16)) {
    assert.ok(close(sf.lbeta(a!, b!), want!, 1e-14), `lbeta(${a}, ${b}): ${sf.lbeta(a!, b!)} vs ${want}`);
  }
  // at 1e308: lbeta(1, b) = -log b exactly, and lbeta(a, a) = -a log 4 + log(sqrt(pi/a)) + ...
  assert.ok(relErr(sf.lbeta(1, 1e308), -Math.log(1e308)) <= 1e-16);
  assert.ok(relErr(sf.lbeta(1e308, 1e308), -1e308 * Math.log(4)) <= 1e-15);
});

test("gammainc, gammaincc and standardGammaGrad match mpmath at extreme pairs in [1e-300, 1e16]", () => {
  // (the quadrature reference for a > 1e3 at x < 1e-100 a is not trusted either: its breakpoints collapse)
  const rows = E.gamma.filter((r) => inRange(r[0]!) && inRange(r[1]!) && !(r[0]! > 1e3 && r[1]! < 1e-100 * r[0]!));
  assert.ok(rows.length >= 40, `${rows.length} rows`); // 42
  for (const [a, x, P, Q, grad] of rows) {
    assert.ok(close(sf.gammainc(a!, x!), P!, 1e-13), `gammainc(${a}, ${x}) = ${sf.gammainc(a!, x!)}, want ${P}`);
    assert.ok(close(sf.gammaincc(a!, x!), Q!, 1e-13), `gammaincc(${a}, ${x}) = ${sf.gammaincc(a!, x!)}, want ${Q}`);
    const g = sf.standardGammaGrad(a!, x!);
    assert.ok(close(g, grad!, 1e-12), `standardGammaGrad(${a}, ${x}) = ${g}, want ${grad}`);
  }
});

/**
 * Known failure (a, b, x): 1 of the 178 triples in range, listed so that a fix shows up here: a = 1e16 with
 * b = 1e-300 at x = 1 - 2^-53 (I = 1.83e-301 from the fraction in y = 2^-53 with b q ~ 1.1: 2.2e-8; the region of
 * TOMS 708's bgrat). Removed: (1e16, 1e-8, 1 - 2^-53), within 1e-12 since the continued fraction forms its
 * denominators from λ = a - (a + b) x; a = b = 1e16 at x = 1/2 (9.5e-10 before the quadrature's exponent left out
 * its linear part, beta-large.ts); four
 * that passed already (1e16 with 0.5 or 1 at x = 1 - 2^-53, with 1e8 or 1e16 at x = 1e-300), and the 20
 * complements of I ≈ 1 for a parameter <= 1e-8 and x = 1 - 2^-53 with the other parameter small, now computed
 * directly (betainc.ts's incbetComplement; logABeta's second-order term).
 */
const KNOWN_BETA = new Set([
  "10000000000000000,1e-300,0.9999999999999999",
]);

test("betainc and betaincc match mpmath at extreme triples in [1e-300, 1e16], but for the listed known failures", () => {
  const rows = E.beta.filter((r) => inRange(r[0]!) && inRange(r[1]!) && (inRange(r[2]!) || r[2] === 1 - 2 ** -53));
  const failing: string[] = [];
  for (const [a, b, x, I, Ic] of rows) {
    const ok = close(sf.betainc(a!, b!, x!), I!, 1e-12) && close(sf.betaincc(a!, b!, x!), Ic!, 1e-12);
    if (!ok) failing.push(`${a},${b},${x}`);
  }
  const unexpected = failing.filter((k) => !KNOWN_BETA.has(k));
  assert.equal(unexpected, [], `new failures: ${unexpected.join(" | ")}`);
  assert.ok(rows.length - failing.length >= 177, `${rows.length - failing.length} of ${rows.length} within 1e-12`);
});

test.run();
