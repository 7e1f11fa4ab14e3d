// betaSampleGrad / betaSampleGradInto (dz/da, dz/db of a Beta(a, b) sample) and betaincGradInto ([I, dI/da, dI/db])
// against mpmath's 40-digit derivatives (test/fixtures/incomplete-beta.json, scripts/fixtures_incomplete.py), the
// transport equation, the mirror symmetry z <-> 1 - z, the log-space entry point, and edge cases.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { betainc, betaincGradInto, betaSampleGrad, betaSampleGradInto, digamma, digammaDiff } from "../../src/special/index.ts";
import { betaSampleGradDigammaInto } from "../../src/special/beta-grad.ts";
import { maxErr, readFixture, relErr } from "../helpers/accuracy.ts";
import { numericDerivative } from "../helpers/check-grad.ts";

interface BetaFixture {
  columns: string[];
  rows: number[][];
  upper: number[][];
}
const B = readFixture(new URL("../fixtures/incomplete-beta.json", import.meta.url)) as BetaFixture;
const cols = (rows: number[][]): Record<string, number[]> =>
  Object.fromEntries(B.columns.map((c, j) => [c, rows.map((r) => r[j]!)]));
const T = cols(B.rows);
const U = cols(B.upper); // here column z holds y = 1 - z, the exact input
const where = (t: Record<string, number[]>, i: number): string => `a = ${t.a![i]}, b = ${t.b![i]}, q = ${t.q![i]}`;

/** The acceptance bound (the 1e-12). Measured: 8.8e-14 for dz/da, dz/db; 8.9e-14 for dI/da, dI/db; 7.3e-14 for I. */
const BETA_GRAD_TOL = 1e-12;
const BETAINC_GRAD_TOL = 1e-12;

function sampleGrads(t: Record<string, number[]>, upper: boolean): [number[], number[]] {
  const out = new Float64Array(2);
  const da: number[] = [], db: number[] = [];
  t.a!.forEach((a, i) => {
    const b = t.b![i]!, v = t.z![i]!;
    if (upper) betaSampleGradInto(out, 1 - v, a, b, Math.log1p(-v), Math.log(v));
    else betaSampleGradInto(out, v, a, b);
    da.push(out[0]!);
    db.push(out[1]!);
  });
  return [da, db];
}

test("betaSampleGrad is within 1e-12 relative error of mpmath for a, b in [0.05, 1000] at quantiles 1e-6 ... 1-1e-6", () => {
  const [da, db] = sampleGrads(T, false);
  for (const [got, want, name] of [[da, T.dzda!, "dz/da"], [db, T.dzdb!, "dz/db"]] as const) {
    const r = maxErr(got, want);
    assert.ok(r.max <= BETA_GRAD_TOL, `${name}: max relative error ${r.max} at ${where(T, r.index)}`);
  }
});

test("betaSampleGradInto with logZ, log1mZ keeps 1e-12 in the upper tails, also where z itself rounds to 1", () => {
  const [da, db] = sampleGrads(U, true);
  assert.ok(U.z!.some((y) => 1 - y === 1), "the table has points where the float z is 1");
  for (const [got, want, name] of [[da, U.dzda!, "dz/da"], [db, U.dzdb!, "dz/db"]] as const) {
    const r = maxErr(got, want);
    assert.ok(r.max <= BETA_GRAD_TOL, `${name}: max relative error ${r.max} at ${where(U, r.index)}`);
  }
});

test("betaincGradInto gives I within 1e-13 and dI/da, dI/db within 1e-12 relative error of mpmath", () => {
  const out = new Float64Array(3);
  const got: number[][] = [[], [], []];
  T.a!.forEach((a, i) => {
    betaincGradInto(out, a, T.b![i]!, T.z![i]!);
    for (let k = 0; k < 3; k++) got[k]!.push(out[k]!);
  });
  const rI = maxErr(got[0]!, T.I!);
  assert.ok(rI.max <= 1e-13, `I: max relative error ${rI.max} at ${where(T, rI.index)}`);
  for (const [k, name] of [[1, "dIda"], [2, "dIdb"]] as const) {
    const r = maxErr(got[k]!, T[name]!);
    assert.ok(r.max <= BETAINC_GRAD_TOL, `${name}: max relative error ${r.max} at ${where(T, r.index)}`);
  }
});

/** z spread over Beta(a, b)'s bulk and tails: logit z = log(a/b) + s sqrt(1/a + 1/b) (a logit-normal stand-in). */
const logitSpread = (a: number, b: number, s: number): number => 1 / (1 + (b / a) * Math.exp(-s * Math.sqrt(1 / a + 1 / b)));
const params = fc.tuple(
  fc.double({ min: Math.log10(0.05), max: 3, noNaN: true }),
  fc.double({ min: Math.log10(0.05), max: 3, noNaN: true }),
  fc.double({ min: -3, max: 3, noNaN: true }),
);

test("betaSampleGrad satisfies the transport equation for a and for b: d/da log p + (d/dz log p) v + dv/dz = 0", () => {
  // log p = (a-1) log z + (b-1) log(1-z) - lbeta(a, b): d/da log p = log z - psi(a) + psi(a+b), likewise for b;
  // d/dz log p = (a-1)/z - (b-1)/(1-z). dv/dz by Richardson central differences, with a step well inside the
  // scale min(z, 1-z, sd) on which v varies (v is smooth in z). Above z = 1/2 the points are spaced in y = 1 - z
  // through the log entry point (z's own float would hold 1 - z to only a few digits there).
  fc.assert(
    fc.property(params, ([la, lb, s]) => {
      const a = 10 ** la, b = 10 ** lb;
      const z = logitSpread(a, b, s), y = logitSpread(b, a, -s); // y = 1 - z, each to full relative precision
      if (!(z > 1e-200 && y > 1e-200)) return true;
      const lower = z <= 0.5;
      const sd = Math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)));
      const h = 1e-3 * Math.min(z, y, sd);
      const v = (t: number): [number, number] => (lower ? betaSampleGrad(t, a, b)
        : betaSampleGrad(1 - t, a, b, Math.log1p(-t), Math.log(t)));
      const [va, vb] = v(lower ? z : y);
      const dz = (k: 0 | 1) => (lower ? 1 : -1) * numericDerivative((t) => v(t)[k], lower ? z : y, h);
      const logZ = lower ? Math.log(z) : Math.log1p(-y), logY = lower ? Math.log1p(-z) : Math.log(y);
      const score = (a - 1) / z - (b - 1) / y;
      const psiAB = digamma(a + b);
      for (const terms of [
        [logZ - digamma(a) + psiAB, score * va, dz(0)],
        [logY - digamma(b) + psiAB, score * vb, dz(1)],
      ]) {
        const residual = terms[0]! + terms[1]! + terms[2]!;
        if (!(Math.abs(residual) <= 1e-6 * (Math.abs(terms[0]!) + Math.abs(terms[1]!) + Math.abs(terms[2]!)))) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
});

test("betaSampleGrad is mirror-symmetric: 1 - z ~ Beta(b, a) gives [d(1-z)/db, d(1-z)/da] = -[dz/db, dz/da]", () => {
  // Same quantile point: I_(1-z)(b, a) = 1 - I_z(a, b). Passing the logs pins 1 - z exactly when it rounds.
  fc.assert(
    fc.property(params, ([la, lb, s]) => {
      const a = 10 ** la, b = 10 ** lb, z = logitSpread(a, b, s);
      if (!(z > 0 && z < 1)) return true;
      const [dzda, dzdb] = betaSampleGrad(z, a, b, Math.log(z), Math.log1p(-z));
      const [dwdb, dwda] = betaSampleGrad(1 - z, b, a, Math.log1p(-z), Math.log(z));
      const close = (u: number, v: number) => Math.abs(u - v) <= 1e-10 * Math.abs(v);
      return close(dwda, -dzda) && close(dwdb, -dzdb);
    }),
  );
});

test("betaSampleGrad equals betaSampleGradInto, and passing the exact logs changes nothing beyond rounding", () => {
  const out = new Float64Array(2);
  for (const [z, a, b] of [[0.3, 2, 5], [1e-40, 0.05, 3], [0.999, 400, 0.7], [0.5, 1000, 1000]] as const) {
    const g = betaSampleGrad(z, a, b);
    assert.is(betaSampleGradInto(out, z, a, b), out);
    assert.equal([out[0], out[1]], g);
    const gl = betaSampleGrad(z, a, b, Math.log(z), Math.log1p(-z));
    for (let k = 0; k < 2; k++) assert.ok(Math.abs(gl[k]! - g[k]!) <= 1e-12 * Math.abs(g[k]!), `z = ${z}: ${gl} vs ${g}`);
  }
});

test("betaSampleGrad is [0, 0] where z is 0 or 1 (the limits), NaN for invalid arguments; betaincGradInto likewise", () => {
  assert.equal(betaSampleGrad(0, 2, 3), [0, 0]);
  assert.equal(betaSampleGrad(1, 2, 3), [0, 0]);
  assert.equal(betaSampleGrad(0, 0.05, 3, -800, -0), [0, 0]); // z underflowed; its log says the same
  for (const [z, a, b] of [[NaN, 1, 1], [0.5, NaN, 1], [0.5, 1, NaN], [0.5, 0, 1], [0.5, 1, -1], [1.5, 1, 1], [0.5, Infinity, 1]]) {
    const g = betaSampleGrad(z!, a!, b!);
    assert.ok(Number.isNaN(g[0]) && Number.isNaN(g[1]), `betaSampleGrad(${z}, ${a}, ${b}) = ${g}`);
  }
  const out = [0, 0, 0];
  assert.equal(betaincGradInto(out, 2, 3, 0), [0, 0, 0]);
  assert.equal(betaincGradInto(out, 2, 3, 1), [1, 0, 0]);
  assert.ok(betaincGradInto(out, -1, 3, 0.5).every(Number.isNaN));
});

const BW = readFixture(new URL("../fixtures/beta-wide.json", import.meta.url)) as { rows: number[][] };

/** Worst relative error of [dz/da, dz/db] over rows of beta-wide.json ([a, b, q, z, I, Ic, dzda, dzdb]). */
function worstGrad(rows: number[][]): { max: number; row: number[] | undefined } {
  let max = 0, row: number[] | undefined;
  for (const r of rows) {
    const [ga, gb] = betaSampleGrad(r[3]!, r[0]!, r[1]!);
    const e = Math.max(relErr(ga, r[6]!), relErr(gb, r[7]!));
    if (e > max) { max = e; row = r; }
  }
  return { max, row };
}

test("betaSampleGrad is within 1e-12 of mpmath for a, b in [1e-6, 1e8], at every ratio", () => {
  // Measured 2.8e-14 (ratio < 1e4), 8.3e-16 (min(a, b) >= 1e4: quadrature) and 2.1e-14 at ratios 1e4 ... 1e11 (one
  // parameter small, one large), where it was 2.2e-9 before the continued fraction formed its denominators from
  // λ = a - (a + b) z (betaincFraction): the mirrored fraction's d_n rounded against -1 next to z = 1.
  const groups = [
    (r: number[]) => Math.max(r[0]!, r[1]!) / Math.min(r[0]!, r[1]!) < 1e4,
    (r: number[]) => Math.min(r[0]!, r[1]!) >= 1e4,
    (r: number[]) => Math.max(r[0]!, r[1]!) / Math.min(r[0]!, r[1]!) >= 1e4 && Math.min(r[0]!, r[1]!) < 1e4,
  ];
  for (const [i, keep] of groups.entries()) {
    const rows = BW.rows.filter(keep);
    assert.ok(rows.length >= 45, `group ${i}: ${rows.length} rows`);
    const w = worstGrad(rows);
    assert.ok(w.max <= 1e-12, `group ${i}: max relative error ${w.max} at ${JSON.stringify(w.row)}`);
  }
});

test("betainc is within 1e-12 of mpmath for min(a, b) >= 1e4 (quadrature) and ratio < 1e4", () => {
  const rows = BW.rows.filter((r) => (Math.max(r[0]!, r[1]!) / Math.min(r[0]!, r[1]!) < 1e4 || Math.min(r[0]!, r[1]!) >= 1e4) && r[4]! > 1e-300);
  const r = maxErr(rows.map((row) => betainc(row[0]!, row[1]!, row[3]!)), rows.map((row) => row[4]!));
  assert.ok(r.max <= 1e-12, `max relative error ${r.max} at row ${r.index}`); // measured 3.6e-13
});

test("digammaDiff(x, h) = psi(x + h) - psi(x) agrees with the plain difference where that does not cancel, and keeps h/x digits where it does", () => {
  for (const [x, h] of [[0.3, 2], [3, 0.5], [12, 40], [1e-6, 1e-6], [5, -4.5]] as const) {
    const plain = digamma(x + h) - digamma(x);
    assert.ok(Math.abs(digammaDiff(x, h) - plain) <= 1e-14 * Math.abs(plain), `${x}, ${h}`);
  }
  // psi(x + h) - psi(x) = h psi'(x) + h^2 psi''(x)/2 + ...; at x = 1e8, h = 1e-3: h/x - h/(2x^2)... to 1e-16 relative:
  // h/x + h/(2x(x+h)) (the exact difference of log x - 1/(2x), the next term being O(h/x^3)).
  const x = 1e8, h = 1e-3;
  const want = Math.log1p(h / x) + 0.5 * h / (x * (x + h));
  assert.ok(Math.abs(digammaDiff(x, h) - want) <= 2e-16 * want);
});

/** ψ(x + n) - ψ(x) for an integer n >= 0: Σ_(k<n) 1/(x + k), the recurrence ψ(x + 1) = ψ(x) + 1/x summed. */
function psiSteps(x: number, n: number): number {
  let s = 0;
  for (let k = n - 1; k >= 0; k--) s += 1 / (x + k); // smallest terms first
  return s;
}

test("betaSampleGradDigammaInto gives betaSampleGradInto's [dz/da, dz/db] and ψ(a+b) - ψ(a), ψ(a+b) - ψ(b) to 1e-14", () => {
  // One parameter an integer n makes one difference a finite sum; the rows swap a and b so that each difference is
  // checked both ways, across the fraction and the series, p < 1 and the series of digammaDiff (ratios 1e6).
  const out = new Float64Array(4), plain = new Float64Array(2);
  const rows = [[0.5, 15.5, 14], [0.03, 15.5, 14], [0.97, 15.5, 14], [0.5, 0.3, 2], [1e-3, 0.05, 3], [0.2, 1e6, 3],
    [0.999999, 1e6, 3], [0.4, 2.5, 1000]] as const;
  for (const [z0, x, n] of rows) for (const swap of [false, true]) {
    const z = swap ? 1 - z0 : z0, a = swap ? n : x, b = swap ? x : n;
    assert.is(betaSampleGradDigammaInto(out, z, a, b, Math.log(z), Math.log1p(-z)), out);
    betaSampleGradInto(plain, z, a, b, Math.log(z), Math.log1p(-z));
    assert.equal([out[0], out[1]], [plain[0], plain[1]]);
    const want = psiSteps(x, n), got = swap ? out[3]! : out[2]!; // ψ(x + n) - ψ(x): x is a's value, or b's
    assert.ok(Math.abs(got - want) <= 1e-14 * want, `Beta(${a}, ${b}) at z = ${z}: ${got} vs ${want}`);
  }
});

test("betaSampleGradDigammaInto leaves NaN where its expansion has no digammas, and checks out's length", () => {
  const out = new Float64Array(4);
  for (const [z, a, b] of [[0.5, 2e4, 3e4], [0, 2, 3], [1, 2, 3], [NaN, 1, 1], [0.5, 1e308, 1e308]] as const) {
    betaSampleGradDigammaInto(out, z, a, b);
    assert.equal([out[0], out[1]], betaSampleGrad(z, a, b), `Beta(${a}, ${b}) at z = ${z}`);
    assert.ok(Number.isNaN(out[2]) && Number.isNaN(out[3]), `Beta(${a}, ${b}) at z = ${z}: ${out}`);
  }
  assert.throws(() => betaSampleGradDigammaInto(new Float64Array(3), 0.5, 2, 3), (e: Error) =>
    e instanceof RangeError && e.message === "betaSampleGradDigammaInto: out.length must be >= 4, got 3");
  assert.throws(() => betaSampleGradDigammaInto(new Float64Array(4), "0.5" as unknown as number, 2, 3), (e: Error) =>
    e instanceof TypeError && e.message.startsWith("betaSampleGradDigammaInto: z must be a number"));
});

test.run();
