// Categorical(probs | { probs } | { logits }): logProb against mpmath (test/fixtures/discrete.json, from
// scripts/fixtures_discrete.py), including a category with p ≈ 1 - 1e-6, subnormal ratios and logits ±800; the one
// node against log(onehot · p) composed from autodiff ops; gradients by central differences; logProbSum from
// counts; mean and variance in closed form; support and validation. Its rows in the contract table of vector
// parameters are in contract-event.test.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, Vec, dot, exp, log, sub, sum, valueAndGrad, type Scalar, type Var } from "../../src/autodiff/index.ts";
import { Categorical, constraints } from "../../src/distributions/index.ts";
import { createRng } from "../../src/random/index.ts";
import { readFixture } from "../helpers/accuracy.ts";
import { checkGrad } from "../helpers/check-grad.ts";

interface Row { probs?: number[]; logits?: number[]; logProb: number[] }
const fixture = readFixture(new URL("../fixtures/discrete.json", import.meta.url)) as { categorical: Row[]; categoricalLogits: Row[] };

/** |got - expected| <= rtol·|expected|, or exact equality (an infinite or zero expected value must be met exactly). */
function close(got: number, expected: number, rtol: number, what: string): void {
  const ok = got === expected || (Number.isFinite(expected) && Math.abs(got - expected) <= rtol * Math.abs(expected));
  assert.ok(ok, `${what}: ${got} vs ${expected}`);
}

const onehot = (K: number, k: number): Float64Array => Float64Array.from({ length: K }, (_, j) => +(j === k));
// log P(k) composed from autodiff ops: log(e_k · w) - log Σ w, and e_k · θ - log Σ e^θ (moderate θ only).
const composedProbs = (w: Var | Vec, k: number): Scalar => sub(log(dot(onehot(valueOf(w).length, k), w as Vec)), log(sum(w as Vec)));
const composedLogits = (t: Var | Vec, k: number): Scalar => sub(dot(onehot(valueOf(t).length, k), t as Vec), log(sum(exp(t as Vec))));
const valueOf = (x: Var | Vec): Float64Array => (x as Vec).value;

test("logProb matches mpmath to 1e-13 relative, by weights (normalised by their sum) and by logits", () => {
  // Measured: 2e-16, with p = 1 - 1e-6 (log1p of the rest), a ratio 1e-300/1.3e300 below the normal range, and
  // logits 800 apart, where log-softmax is θ_k - max θ - log1p(Σ e^(θ_j - max θ)).
  for (const row of fixture.categorical) {
    const d = new Categorical(Float64Array.from(row.probs!));
    row.logProb.forEach((ref, k) => close(d.logProb(k) as number, ref, 1e-13, `probs ${row.probs}, k = ${k}`));
  }
  for (const row of fixture.categoricalLogits) {
    const d = new Categorical({ logits: Float64Array.from(row.logits!) });
    row.logProb.forEach((ref, k) => close(d.logProb(k) as number, ref, 1e-13, `logits ${row.logits}, k = ${k}`));
  }
});

test("weights are normalised by their sum: w, 1e-3·w, 7·w, { probs: w } and { logits: log w } agree", () => {
  const w = new Float64Array([0.5, 2, 0, 1.5, 6]);
  const ref = new Categorical(w);
  for (const d of [new Categorical(w.map((v) => v * 1e-3)), new Categorical(w.map((v) => v * 7)), new Categorical({ probs: w }), new Categorical({ logits: w.map(Math.log) })]) {
    for (let k = 0; k < w.length; k++) close(d.logProb(k) as number, ref.logProb(k) as number, 4e-16 * 8, `k = ${k}`);
  }
  assert.is(ref.logProb(2), -Infinity);
});

test("the one node equals the composed log(e_k · w) - log Σ w and e_k · θ - log Σ e^θ in value and gradient (1e-14)", () => {
  const w = new Float64Array([0.3, 1.2, 0.05, 2.5]), t = new Float64Array([-1, 0.5, 2, -3]);
  for (let k = 0; k < 4; k++) {
    const f = valueAndGrad((x: Vec) => new Categorical(x).logProb(k) as Scalar)(w);
    const c = valueAndGrad((x: Vec) => composedProbs(x, k))(w);
    close(f.value, c.value, 1e-14, `probs value, k = ${k}`);
    (f.grad[0] as Float64Array).forEach((g, j) => close(g, (c.grad[0] as Float64Array)[j]!, 1e-14, `probs d/dw[${j}], k = ${k}`));
    const fl = valueAndGrad((x: Vec) => new Categorical({ logits: x }).logProb(k) as Scalar)(t);
    const cl = valueAndGrad((x: Vec) => composedLogits(x, k))(t);
    close(fl.value, cl.value, 1e-14, `logits value, k = ${k}`);
    (fl.grad[0] as Float64Array).forEach((g, j) => assert.ok(Math.abs(g - (cl.grad[0] as Float64Array)[j]!) <= 1e-15, `logits d/dθ[${j}], k = ${k}`));
  }
});

test("gradients in the weights and logits match central differences, for one index, several, and logProbSum", () => {
  const ks = new Float64Array([0, 3, 3, 1, 0, 3]);
  for (const x of [new Float64Array([0.3, 1.2, 0.05, 2.5]), new Float64Array([1, 1e-4, 3, 0.7])]) {
    for (let k = 0; k < 4; k++) checkGrad((v) => new Categorical(v as Vec).logProb(k) as Var, [x]);
    checkGrad((v) => sum(new Categorical(v as Vec).logProb(ks) as Vec), [x]);
    checkGrad((v) => new Categorical(v as Vec).logProbSum(ks), [x]);
    checkGrad((v) => new Categorical({ logits: v as Vec }).logProbSum(ks), [x.map((u) => 3 * u - 2)]);
  }
  // Logits 800 apart: the gradient 1[j = k] - softmax_j stays exact (0 and ±1 here).
  const g = valueAndGrad((v: Vec) => new Categorical({ logits: v }).logProb(1) as Scalar)(new Float64Array([800, 0, -800])).grad[0] as Float64Array;
  assert.equal(Array.from(g, (v) => v + 0), [-1, 1, 0]);
});

test("logProbSum is one node from the counts per category, equal to the sum of logProb in value and gradient", () => {
  const rng = createRng(9), w = new Float64Array([0.2, 0.5, 0.3]);
  const ks = Float64Array.from({ length: 500 }, () => new Categorical(w).sample(rng));
  const tape = new Tape();
  const x = tape.variable(w.slice()), before = tape.size;
  new Categorical(x).logProbSum(ks);
  assert.is(tape.size - before, 1, "nodes recorded");
  for (const logits of [false, true]) {
    const make = (v: Vec) => (logits ? new Categorical({ logits: v }) : new Categorical(v));
    const a = valueAndGrad((v: Vec) => make(v).logProbSum(ks))(w);
    const b = valueAndGrad((v: Vec) => sum(make(v).logProb(ks) as Vec))(w);
    close(a.value, b.value, 1e-13, "value");
    (a.grad[0] as Float64Array).forEach((g, j) => close(g, (b.grad[0] as Float64Array)[j]!, 1e-12, `d/dx[${j}]`));
  }
  assert.is(new Categorical(w).logProbSum(2), new Categorical(w).logProb(2));
});

test("mean and variance are Σ j p_j and Σ (j - mean)² p_j: 2 and 1 for weights 1, 2, 3, 4; differentiable", () => {
  const d = new Categorical(new Float64Array([1, 2, 3, 4]));
  close(d.mean as number, 2, 1e-15, "mean");
  close(d.variance as number, 1, 1e-15, "variance");
  close(new Categorical({ logits: new Float64Array([0, Math.log(2), Math.log(3), Math.log(4)]) }).mean as number, 2, 1e-15, "mean from logits");
  checkGrad((v) => new Categorical(v as Vec).variance, [new Float64Array([1, 2, 3.5, 0.7])]);
  checkGrad((v) => new Categorical({ logits: v as Vec }).mean, [new Float64Array([0.1, -2, 0.5])]);
});

test("support is {0, ..., K-1}: other values throw a RangeError naming the value or its position; draws lie in it", () => {
  const d = new Categorical(new Float64Array([1, 0, 2]));
  assert.equal(d.support.spec, constraints.integerInterval(0, 2).spec);
  assert.equal(d.batchShape, []);
  assert.equal(d.eventShape, []);
  for (const bad of [-1, 3, 0.5, NaN]) assert.throws(() => d.logProb(bad), (e: unknown) => e instanceof RangeError && /support/.test(String(e)));
  assert.throws(() => d.logProbSum(new Float64Array([0, 2, 3])), (e: unknown) => e instanceof RangeError && /position 2\b/.test(String(e)));
  const rng = createRng(4);
  for (let i = 0; i < 200; i++) {
    const k = d.sample(rng);
    assert.ok(k === 0 || k === 2, `draw ${k}`);
  }
  assert.is(d.hasRsample, false);
  assert.throws(() => d.rsample(), TypeError);
  assert.is(d.detach().logProb(2), d.logProb(2));
});

test("a parameter that is not a vector throws a TypeError naming it; bad weights or logits a RangeError naming the element", () => {
  const isType = (name: string) => (e: unknown) => e instanceof TypeError && new RegExp(`Categorical: ${name}\\b`).test(String(e));
  const isRange = (re: RegExp) => (e: unknown) => e instanceof RangeError && re.test(String(e));
  assert.throws(() => new Categorical(0.5 as unknown as Float64Array), isType("probs"));
  assert.throws(() => new Categorical([0.5, 0.5] as unknown as Float64Array), isType("probs"));
  assert.throws(() => new Categorical({ logits: [1, 2] as unknown as Float64Array }), isType("logits"));
  assert.throws(() => new Categorical({ logits: undefined as unknown as Float64Array }), isType("logits"));
  assert.throws(() => new Categorical(null as unknown as Float64Array), isType("probs"));
  assert.throws(() => new Categorical(new Float64Array(0)), isRange(/probs must be non-empty/));
  assert.throws(() => new Categorical(new Float64Array([1, -1])), isRange(/probs\[1\]/));
  assert.throws(() => new Categorical(new Float64Array([1, Infinity])), isRange(/probs\[1\]/));
  assert.throws(() => new Categorical(new Float64Array([0, 0])), isRange(/sum of probs/));
  assert.throws(() => new Categorical({ logits: new Float64Array([0, 1, NaN]) }), isRange(/logits\[2\]/));
  assert.throws(() => new Categorical({ logits: new Float64Array([0, Infinity]) }), isRange(/logits\[1\]/));
  // -∞ is a masked category (probability 0), as in PyTorch; all of them masked is no distribution.
  assert.throws(() => new Categorical({ logits: new Float64Array([-Infinity, -Infinity]) }), isRange(/logits must be finite somewhere/));
  assert.is(new Categorical({ logits: new Float64Array([-Infinity, 0]) }).logProb(1) as number + 0, 0);
});

test.run();
