// Poisson(rate): logProb against mpmath (test/fixtures/discrete.json, from scripts/fixtures_discrete.py) at rates
// 1e-300..1e9 and counts to 1e10; the fused node against the textbook formula composed from autodiff ops;
// derivatives by central differences; logProbSum as one node; vector rates; validation. The shared contract
// (support, moments, detach, errors) is in contract.test.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, Vec, sub, sum, valueAndGrad, xlogy, type Scalar, type Value, type Var } from "../../src/autodiff/index.ts";
import { lgamma } from "../../src/autodiff/special.ts";
import { Poisson } from "../../src/distributions/index.ts";
import { createRng, poisson } from "../../src/random/index.ts";
import { readFixture } from "../helpers/accuracy.ts";
import { checkGrad } from "../helpers/check-grad.ts";

interface Section { params: { rate: number[] }; x: number[]; logProb: number[] }
const table = (readFixture(new URL("../fixtures/discrete.json", import.meta.url)) as { poisson: Section }).poisson;

/** n draws of Poisson(rate) from a seeded stream. */
const counts = (n: number, rate: number, seed: number): Float64Array => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => poisson(rng, rate));
};

/** |got - expected| <= rtol·|expected|, or exact equality (an infinite expected value must be met exactly). */
function close(got: number, expected: number, rtol: number, what: string): void {
  const ok = got === expected || (Number.isFinite(expected) && Math.abs(got - expected) <= rtol * Math.abs(expected));
  assert.ok(ok, `${what}: ${got} vs ${expected}`);
}

// k log λ - λ - log Γ(k + 1), composed from autodiff ops: the oracle for the fused node, derivatives from ops.ts.
const composed = (k: Float64Array, rate: Value): Value => sub(sub(xlogy(k, rate), rate), lgamma(k.map((v) => v + 1)));
const composedAt = (k: Float64Array, rate: Var | Vec): Scalar => sum(composed(k, rate) as Vec);

test("logProb matches mpmath to 1e-13 relative at every fixture row: rates 0 and 1e-300..1e9, counts 0..1e10", () => {
  // Loader's form keeps every row to a few ulps (measured: 1.3e-15), where the textbook sum loses log10(k) digits.
  assert.ok(table.x.length > 150);
  for (let i = 0; i < table.x.length; i++) {
    const rate = table.params.rate[i]!, k = table.x[i]!;
    close(new Poisson(rate).logProb(k) as number, table.logProb[i]!, 1e-13, `Poisson(${rate}).logProb(${k})`);
  }
});

test("rate 0 is the point mass at 0; tiny rates give log P(0) = -rate exactly and log P(1) = log(rate) - rate", () => {
  assert.is(new Poisson(0).logProb(0) as number + 0, 0);
  assert.is(new Poisson(0).logProb(3), -Infinity);
  assert.is(new Poisson(1e-300).logProb(0), -1e-300);
  close(new Poisson(1e-300).logProb(1) as number, -300 * Math.LN10, 2 ** -51, "log 1e-300");
});

test("the fused node equals the composed k log λ - λ - log Γ(k + 1) in value and gradient (1e-13, rates 0.3..50)", () => {
  // Up to rate 50 the composed form loses at most ~2 digits to cancellation; the comparison is then 1e-13.
  const fused = (k: Float64Array) => valueAndGrad((r: Var) => sum(new Poisson(r).logProb(k) as Vec));
  for (const [j, rate] of [0.3, 2.5, 9.99, 10, 50].entries()) {
    const k = counts(40, rate, 20 + j);
    const f = fused(k)(rate), c = valueAndGrad((r: Var) => composedAt(k, r))(rate);
    close(f.value, c.value, 1e-13, `value at rate ${rate}`);
    close(f.grad[0], c.grad[0], 1e-13 * (1 + Math.abs(c.grad[0])) / Math.abs(c.grad[0]), `gradient at rate ${rate}`);
  }
  // A vector of rates, one per count: the same law elementwise.
  const rates = Float64Array.from({ length: 30 }, (_, i) => 0.5 + i), k = rates.map((r, i) => counts(1, r, 40 + i)[0]!);
  const f = valueAndGrad((r: Vec) => sum(new Poisson(r).logProb(k) as Vec))(rates);
  const c = valueAndGrad((r: Vec) => sum(composed(k, r) as Vec))(rates);
  close(f.value, c.value, 1e-13, "value, vector rate");
  (f.grad[0] as Float64Array).forEach((g, i) => assert.ok(Math.abs(g - (c.grad[0] as Float64Array)[i]!) <= 1e-13, `d/drate[${i}]`));
});

test("d logProb / d rate matches central differences, in the bulk, in both tails, and at rate 1e6", () => {
  const cases: [number, number][] = [[0.1, 0], [0.1, 3], [2.5, 2], [33.3, 5], [33.3, 80], [1e6, 1e6 - 3000], [1e6, 1e6 + 7], [1e6 + 0.5, 999_000]];
  for (const [rate, k] of cases) checkGrad((r) => new Poisson(r as Var).logProb(k) as Var, [rate], { rtol: 1e-6 });
  const k = new Float64Array([0, 3, 7, 1]);
  checkGrad((r) => new Poisson(r as Vec).logProbSum(k), [new Float64Array([0.7, 2, 9, 1e-3])]);
});

test("logProbSum over counts with a scalar rate node is one scalar node, equal to the sum of logProb", () => {
  const tape = new Tape(), k = counts(200, 7.5, 50);
  tape.rewind();
  const r = tape.variable(7.5), before = tape.size, s = new Poisson(r).logProbSum(k) as Var;
  assert.is(tape.size - before, 1, "nodes recorded");
  const a = valueAndGrad((x: Var) => new Poisson(x).logProbSum(k))(7.5);
  const b = valueAndGrad((x: Var) => sum(new Poisson(x).logProb(k) as Vec))(7.5);
  close(a.value, b.value, 1e-14, "value");
  close(a.grad[0], b.grad[0], 1e-12, "gradient");
  close(s.value, a.value, 0, "the recorded node's value");
  // Mostly distinct counts (rate 1e6): the tally degenerates to one entry per count and still agrees.
  const big = counts(100, 1e6, 51);
  const c = valueAndGrad((x: Var) => new Poisson(x).logProbSum(big))(1e6 + 0.5);
  const e = valueAndGrad((x: Var) => sum(new Poisson(x).logProb(big) as Vec))(1e6 + 0.5);
  close(c.value, e.value, 1e-14, "value at rate 1e6");
  // d/drate = Σk/λ - n cancels ~100 - 100 down to ~1e-2 in either order of summation: 1e-10 leaves room for it.
  close(c.grad[0], e.grad[0], 1e-10, "gradient at rate 1e6");
  // At rate 0 with all counts 0 the sum is 0 and d/drate = -n.
  assert.equal(valueAndGrad((x: Var) => new Poisson(x).logProbSum(new Float64Array(5)))(0).grad, [-5]);
});

test("a vector rate gives batchShape [n] and vector draws and log-probabilities; lengths must agree", () => {
  const d = new Poisson(new Float64Array([0.5, 40, 1e6]));
  assert.equal(d.batchShape, [3]);
  assert.equal(new Poisson(3).batchShape, []);
  const x = d.sample(createRng(3));
  assert.ok(x instanceof Float64Array && x.length === 3 && x.every((v) => Number.isInteger(v) && v >= 0));
  const lp = d.logProb(new Float64Array([0, 40, 1e6])) as Float64Array;
  lp.forEach((v, i) => assert.is(v, new Poisson([0.5, 40, 1e6][i]!).logProb([0, 40, 1e6][i]!)));
  assert.throws(() => d.logProb(new Float64Array([1, 2])), RangeError);
});

test("a rate that is not a number, node or vector throws a TypeError naming rate; rsample a TypeError", () => {
  for (const bad of ["1", [1, 2], undefined, null, {}]) {
    assert.throws(() => new Poisson(bad as unknown as number), (e: unknown) => e instanceof TypeError && /Poisson: rate\b/.test(String(e)), String(bad));
  }
  assert.throws(() => new Poisson(2).rsample(), TypeError);
  assert.is(new Poisson(2).hasRsample, false);
});

/** Compiles only when X and Y are the same type (checked by tsc in npm test). */
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends (<T>() => T extends Y ? 1 : 2) ? true : false;
const same = <X, Y>(ok: Equal<X, Y>): Equal<X, Y> => ok;

test("draw types: a number for a scalar rate (number or node), a Float64Array for a vector one (checked by tsc)", () => {
  const rng = createRng(1), tape = new Tape();
  const a = new Poisson(3), b = new Poisson(tape.variable(3)), c = new Poisson(new Float64Array([1, 2]));
  same<ReturnType<typeof a.sample>, number>(true);
  same<ReturnType<typeof b.sample>, number>(true);
  same<ReturnType<typeof c.sample>, Float64Array>(true);
  same<ReturnType<typeof b.detach>["rate"], number>(true);
  assert.ok(typeof a.sample(rng) === "number" && typeof b.sample(rng) === "number" && c.sample(rng) instanceof Float64Array);
});

test.run();
