// Binomial(totalCount, probs | { probs } | { logits }): logProb against mpmath (test/fixtures/discrete.json, from
// scripts/fixtures_discrete.py) for n up to 1e15, p within an ulp of 0 and 1, logits to ±800; the fused node
// against -log(n + 1) - lbeta(n - k + 1, k + 1) + k log p + (n - k) log(1 - p) composed from autodiff ops;
// derivatives by central differences (in p, θ and the continuous extension in n); logProbSum as one node;
// broadcasting; validation. The shared contract (support, moments, detach, errors) is in contract.test.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Tape, Vec, add, log, logSigmoid, mul, neg, sub, sum, valueAndGrad, xlog1py, xlogy, type Scalar, type Value, type Var,
} from "../../src/autodiff/index.ts";
import { lbeta } from "../../src/autodiff/special.ts";
import { Binomial, binomialLogProb } from "../../src/distributions/index.ts";
import { binomial, createRng } from "../../src/random/index.ts";
import { sigmoid } from "../../src/special/logistic.ts";
import { readFixture } from "../helpers/accuracy.ts";
import { checkGrad } from "../helpers/check-grad.ts";

const EPS = 2 ** -53;
interface Section { params: { totalCount: number[]; probs?: number[]; logits?: number[] }; x: number[]; logProb: number[] }
const fixture = readFixture(new URL("../fixtures/discrete.json", import.meta.url)) as { binomial: Section; binomialLogits: Section };

/** n draws of Binomial(N, p) from a seeded stream. */
const draws = (n: number, N: number, p: number, seed: number): Float64Array => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => binomial(rng, N, p));
};

/** |got - expected| <= tol, or exact equality (an infinite expected value must be met exactly). */
function within(got: number, expected: number, tol: number, what: string): void {
  const ok = got === expected || (Number.isFinite(expected) && Math.abs(got - expected) <= tol);
  assert.ok(ok, `${what}: ${got} vs ${expected}, error ${Math.abs(got - expected)} > ${tol}`);
}

// The textbook formula from autodiff ops, log C(n, k) as -log(n + 1) - lbeta(n - k + 1, k + 1): the oracle for the
// fused node, with derivatives from ops.ts and autodiff/special.ts (lbeta's digammas for n).
const logChoose = (k: Float64Array, n: Value): Value => sub(neg(log(add(n, 1))), lbeta(add(sub(n, k), 1), k.map((v) => v + 1)));
const composedProbs = (k: Float64Array, n: Value, p: Value): Scalar =>
  sum(add(logChoose(k, n), add(xlogy(k, p), xlog1py(sub(n, k), neg(p)))) as Vec);
const composedLogits = (k: Float64Array, n: Value, t: Value): Scalar =>
  sum(add(logChoose(k, n), add(mul(k, logSigmoid(t)), mul(sub(n, k), logSigmoid(neg(t))))) as Vec);

test("probs form: logProb matches mpmath to 1e-13 relative at every fixture row (n to 1e15, p from 0 to 1)", () => {
  // Loader's form with n·p as an exact double-double keeps every row to a few ulps (measured: 4.4e-15).
  const t = fixture.binomial;
  assert.ok(t.x.length > 500);
  for (let i = 0; i < t.x.length; i++) {
    const n = t.params.totalCount[i]!, p = t.params.probs![i]!, k = t.x[i]!, ref = t.logProb[i]!;
    within(new Binomial(n, p).logProb(k) as number, ref, 1e-13 * Math.abs(ref), `Binomial(${n}, ${p}).logProb(${k})`);
  }
});

test("logits form: logProb matches mpmath to 1e-13 relative, or to the 4 ulps of |k - nσ(θ)| that rounding σ(θ) costs", () => {
  // p = σ(θ) and 1 - p = σ(-θ) are each rounded to a double (relative errors δp, δq <= 2^-53); through the
  // deviances bd0(k, np) and bd0(n - k, nq) (∂bd0(x, m)/∂m = 1 - x/m) log P moves by (np - k)δp + (k - np)δq, at
  // most 2·2^-53·|k - np|: at n = 1e9 and k twelve standard deviations out, 2.7e-11 on a value of -23 (measured
  // error: 4.5e-12). Everywhere else 1e-13 relative holds.
  const t = fixture.binomialLogits;
  for (let i = 0; i < t.x.length; i++) {
    const n = t.params.totalCount[i]!, th = t.params.logits![i]!, k = t.x[i]!, ref = t.logProb[i]!;
    const tol = 1e-13 * Math.abs(ref) + 4 * EPS * Math.abs(k - n * sigmoid(th));
    within(new Binomial(n, { logits: th }).logProb(k) as number, ref, tol, `Binomial(${n}, { logits: ${th} }).logProb(${k})`);
  }
});

test("edges: p = 0 and p = 1 are point masses at 0 and n, n = 0 at 0, logits ±800 give exact 0 and log n - 800", () => {
  assert.is(new Binomial(7, 0).logProb(0) as number + 0, 0);
  assert.is(new Binomial(7, 0).logProb(1), -Infinity);
  assert.is(new Binomial(7, 1).logProb(7) as number + 0, 0);
  assert.is(new Binomial(7, 1).logProb(6), -Infinity);
  assert.is(new Binomial(0, 0.3).logProb(0) as number + 0, 0);
  assert.is(new Binomial(0, 1).logProb(0) as number + 0, 0);
  assert.is(new Binomial(10, { logits: 800 }).logProb(10) as number + 0, 0);
  // C(10, 9) σ(800)^9 σ(-800) = 10 e^-800 (1 + O(e^-800)): log 10 - 800, though σ(-800) itself underflows.
  within(new Binomial(10, { logits: 800 }).logProb(9) as number, Math.log(10) - 800, 4 * EPS * 800, "k = 9, θ = 800");
  within(new Binomial(10, { logits: -800 }).logProb(10) as number, -8000, 4 * EPS * 8000, "k = 10, θ = -800");
});

test("the fused node equals the composed log C(n, k) + k log p + (n - k) log(1 - p) in value and in d/dp, d/dn (1e-12)", () => {
  // Moderate n, where the composed form loses under a digit; both forms' d/dn is the continuous extension.
  for (const [j, [n, p]] of ([[10, 0.3], [37, 0.5], [100, 0.02], [60, 0.97]] as const).entries()) {
    const k = draws(30, n, p, 60 + j);
    const f = valueAndGrad((nn: Var, pp: Var) => sum(binomialLogProb(k, nn, pp) as Vec))(n, p);
    const c = valueAndGrad((nn: Var, pp: Var) => composedProbs(k, nn, pp))(n, p);
    within(f.value, c.value, 1e-12 * Math.abs(c.value), `value at (${n}, ${p})`);
    f.grad.forEach((g, i) => within(g, c.grad[i]!, 1e-12 * Math.max(1, Math.abs(c.grad[i]!)), `gradient ${i} at (${n}, ${p})`));
    const fl = valueAndGrad((nn: Var, t: Var) => sum(new Binomial(nn, { logits: t }).logProb(k) as Vec))(n, Math.log(p / (1 - p)));
    const cl = valueAndGrad((nn: Var, t: Var) => composedLogits(k, nn, t))(n, Math.log(p / (1 - p)));
    within(fl.value, cl.value, 1e-12 * Math.abs(cl.value), `logits value at (${n}, ${p})`);
    fl.grad.forEach((g, i) => within(g, cl.grad[i]!, 1e-12 * Math.max(1, Math.abs(cl.grad[i]!)), `logits gradient ${i} at (${n}, ${p})`));
  }
});

test("d logProb / d probs, d logits and d totalCount (continuous extension) match central differences, tails included", () => {
  const cases: [number, number, number][] = [[10, 0.3, 0], [10, 0.3, 10], [10, 0.3, 4], [1000, 0.01, 25], [1e9, 0.3, 3e8 + 40_000], [50, 1e-6, 1]];
  for (const [n, p, k] of cases) {
    checkGrad((pp) => new Binomial(n, pp as Var).logProb(k) as Var, [p], { h: (x) => 1e-3 * Math.min(x, 1 - x) });
    checkGrad((t) => new Binomial(n, { logits: t as Var }).logProb(k) as Var, [Math.log(p / (1 - p))]);
    // n moves off the integers here, which the class refuses: the kernel itself takes any real n > k. Steps of 1
    // for large n: log P's rounding (~1e-14 of its terms) divided by a step of 1e-3 would swamp d/dn ≈ 6e-5.
    if (k < n) checkGrad((nn) => binomialLogProb(k, nn, p) as Var, [n], { h: n > 100 ? 1 : 1e-3 });
  }
  // Large logits: d/dθ = k - nσ(θ) is exact, e.g. 0 at k = n, θ = 40 (to 1e-16) and -n σ(30) at k = 0.
  checkGrad((t) => new Binomial(20, { logits: t as Var }).logProb(3) as Var, [30], { h: 1e-2 });
  checkGrad((t) => new Binomial(20, { logits: t as Var }).logProb(17) as Var, [-30], { h: 1e-2 });
});

test("logProbSum with scalar parameters is one scalar node equal to the sum of logProb (value and gradients)", () => {
  const k = draws(300, 40, 0.35, 70), tape = new Tape();
  for (const logits of [false, true]) {
    tape.rewind();
    const x = tape.variable(logits ? -0.6 : 0.35), before = tape.size;
    const d = logits ? new Binomial(40, { logits: x }) : new Binomial(40, x);
    d.logProbSum(k);
    assert.is(tape.size - before, 1, "nodes recorded");
    const make = (n: Var, v: Var) => (logits ? new Binomial(n, { logits: v }) : new Binomial(n, v));
    const a = valueAndGrad((n: Var, v: Var) => make(n, v).logProbSum(k))(40, logits ? -0.6 : 0.35);
    const b = valueAndGrad((n: Var, v: Var) => sum(make(n, v).logProb(k) as Vec))(40, logits ? -0.6 : 0.35);
    within(a.value, b.value, 1e-13 * Math.abs(b.value), "value");
    a.grad.forEach((g, i) => within(g, b.grad[i]!, 1e-11 * Math.max(1, Math.abs(b.grad[i]!)), `gradient ${i}`));
  }
});

test("vector totalCount and probs broadcast against each other and the counts; k_i > n_i names its position", () => {
  const n = new Float64Array([5, 50, 500]);
  const d = new Binomial(n, 0.2);
  assert.equal(d.batchShape, [3]);
  assert.equal(new Binomial(5, new Float64Array([0.1, 0.9])).batchShape, [2]);
  const lp = d.logProb(new Float64Array([1, 10, 100])) as Float64Array;
  lp.forEach((v, i) => assert.is(v, new Binomial(n[i]!, 0.2).logProb([1, 10, 100][i]!)));
  const x = d.sample(createRng(5)) as Float64Array;
  assert.ok(x.length === 3 && x.every((v, i) => Number.isInteger(v) && v >= 0 && v <= n[i]!));
  assert.throws(() => d.logProb(new Float64Array([1, 51, 2])), (e: unknown) => e instanceof RangeError && /position 1\b/.test(String(e)));
  assert.throws(() => new Binomial(n, new Float64Array([0.1, 0.2])), (e: unknown) => e instanceof RangeError && /probs/.test(String(e)) && /totalCount/.test(String(e)));
  // Gradient per element for a vector probs node.
  checkGrad((p) => sum(new Binomial(n, p as Vec).logProb(new Float64Array([1, 10, 100])) as Vec), [new Float64Array([0.3, 0.25, 0.3])]);
});

test("parameters of the wrong type throw a TypeError naming them; a non-integer totalCount a RangeError", () => {
  const isType = (name: string) => (e: unknown) => e instanceof TypeError && new RegExp(`Binomial: ${name}\\b`).test(String(e));
  assert.throws(() => new Binomial("10" as unknown as number, 0.5), isType("totalCount"));
  assert.throws(() => new Binomial(10, [0.5] as unknown as number), isType("probs"));
  assert.throws(() => new Binomial(10, { logits: "1" as unknown as number }), isType("logits"));
  assert.throws(() => new Binomial(10.5, 0.5), (e: unknown) => e instanceof RangeError && /totalCount must be an integer/.test(String(e)));
  assert.throws(() => new Binomial(10, 0.5).rsample(), TypeError);
});

/** Compiles only when X and Y are the same type (checked by tsc in npm test). */
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends (<T>() => T extends Y ? 1 : 2) ? true : false;
const same = <X, Y>(ok: Equal<X, Y>): Equal<X, Y> => ok;

test("draw types: a number for scalar parameters, a Float64Array when totalCount or probs is a vector (checked by tsc)", () => {
  const rng = createRng(1), tape = new Tape();
  const a = new Binomial(10, 0.3), b = new Binomial(new Float64Array([3, 4]), 0.3), c = new Binomial(10, { logits: tape.variable(new Float64Array(2)) });
  same<ReturnType<typeof a.sample>, number>(true);
  same<ReturnType<typeof b.sample>, Float64Array>(true);
  same<ReturnType<typeof c.sample>, Float64Array>(true);
  assert.ok(typeof a.sample(rng) === "number" && b.sample(rng) instanceof Float64Array && c.sample(rng) instanceof Float64Array);
});

test.run();
