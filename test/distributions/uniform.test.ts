// Uniform (src/distributions/uniform.ts): log-densities against 40-digit references, KS, the support (closed for
// logProb, the open interval(low, high) constraint, elementwise for vector bounds), the pathwise gradient.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, Vec, square, valueOf, type Scalar, type Value, type Var } from "../../src/autodiff/index.ts";
import { Uniform, constraints } from "../../src/distributions/index.ts";
import { createRng } from "../../src/random/index.ts";
import { checkGrad } from "../helpers/check-grad.ts";
import { checkLogProb, pathwiseGradient, within } from "../helpers/continuous.ts";
import { ksCritical, ksStatistic } from "../helpers/ks.ts";

const make = (p: Record<string, Value>) => new Uniform(p.low!, p.high!);

test("logProb matches the 40-digit fixture to 1e-13 relative, or 8 ulps of |log w| + 1 (the width's rounding) near w = 1", () => {
  checkLogProb("uniform", make);
});

test("logProb is differentiable in low and high, with d/dx = 0 inside (central differences)", () => {
  for (const [a, b, x] of [[0, 1, 0.3], [-5, 2, 1.5], [10, 10.5, 10.2]] as const) {
    checkGrad((l, h, y) => new Uniform(l as Var, h as Var).logProb(y as Var) as Var, [a, b, x], { h: 1e-4 });
  }
});

test("logProb accepts [low, high] (both ends) and rejects the rest, elementwise for vector bounds", () => {
  const d = new Uniform(-1, 2);
  for (const x of [-1, 0, 2]) assert.is(d.logProb(x), -Math.log(3));
  for (const x of [-1 - 2 ** -52, 2 + 2 ** -51, NaN, Infinity]) assert.throws(() => d.logProb(x), RangeError);
  const b = new Uniform(Float64Array.of(0, 10), Float64Array.of(1, 20));
  assert.equal(b.logProb(Float64Array.of(0.5, 15)), Float64Array.of(0, -Math.log(10)));
  assert.throws(() => b.logProb(Float64Array.of(5, 15)), (e: Error) => e instanceof RangeError && /position 0/.test(e.message));
  assert.throws(() => b.logProb(0.5), (e: Error) => e instanceof RangeError && /\[10, 20\]/.test(e.message));
  assert.throws(() => b.logProb(Float64Array.of(0.5, 15, 1)), RangeError);
  assert.equal(d.logProb(Float64Array.of(0, 1)), Float64Array.of(-Math.log(3), -Math.log(3)));
});

test("support is interval(low, high), elementwise for vector bounds, and rebuilds from its JSON spec", () => {
  const s = new Uniform(Float64Array.of(0, 10), Float64Array.of(1, 20)).support;
  assert.ok(s.check(Float64Array.of(0.5, 15)));
  assert.not.ok(s.check(Float64Array.of(15, 0.5)));
  assert.equal(valueOf(s.transform(new Float64Array(2))), Float64Array.of(0.5, 15));
  assert.equal(s.inverse(Float64Array.of(0.5, 15)), new Float64Array(2));
  const again = constraints.fromSpec(JSON.parse(JSON.stringify(s.spec)));
  assert.equal(again.spec, s.spec);
  assert.ok(again.check(Float64Array.of(0.5, 15)) && !again.check(Float64Array.of(15, 0.5)));
  assert.equal(new Uniform(2, 3).support.spec, { type: "interval", lo: 2, hi: 3 });
});

test("sample passes a KS test against (x - a)/(b - a) (n = 20000, level 0.001) and lies in the open (low, high)", () => {
  for (const [k, [a, b]] of [[0, 1], [-1e3, -999.5], [-2, 7]].entries()) {
    const d = new Uniform(a!, b!), rng = createRng(91 + k), n = 20_000;
    const xs = Float64Array.from({ length: n }, () => d.sample(rng));
    assert.ok(xs.every((x) => x > a! && x < b!));
    const D = ksStatistic(xs, (x) => (x - a!) / (b! - a!));
    assert.ok(D <= ksCritical(n), `Uniform(${a}, ${b}): D = ${D}`);
  }
});

test("mean (a + b)/2, variance (b - a)²/12; a batch's rsample with node bounds is one vector node", () => {
  const d = new Uniform(Float64Array.of(0, 2), 4);
  assert.equal(valueOf(d.mean), Float64Array.of(2, 3));
  assert.equal(valueOf(d.variance), Float64Array.of(16 / 12, 4 / 12));
  const t = new Tape(), low = t.variable(Float64Array.of(0, 1, 2)), before = t.size, z = new Uniform(low, 5).rsample(createRng(1));
  assert.ok(z instanceof Vec && z.value.length === 3 && t.size === before + 1);
});

test("d/d(a, b) E[x] = (½, ½) and d/d(a, b) E[x²] = ((2a + b)/3, (a + 2b)/3) by the pathwise gradient (8000 draws, 5 standard errors)", () => {
  const p = { low: -1.5, high: 4 }, n = 8000;
  const [[da], [db]] = pathwiseGradient(make, p, (x) => x as Scalar, n, 101);
  within(da!, 0.5, "d/da E[x]");
  within(db!, 0.5, "d/db E[x]");
  const [[da2], [db2]] = pathwiseGradient(make, p, (x) => square(x) as Scalar, n, 102);
  within(da2!, (2 * p.low + p.high) / 3, "d/da E[x²]");
  within(db2!, (p.low + 2 * p.high) / 3, "d/db E[x²]");
});

test("bounds of the wrong type are TypeErrors; non-finite bounds and low >= high RangeErrors naming them", () => {
  assert.throws(() => new Uniform("0" as never, 1), (e: Error) => e instanceof TypeError && /low/.test(e.message));
  assert.throws(() => new Uniform(0, [1] as never), (e: Error) => e instanceof TypeError && /high/.test(e.message));
  for (const v of [NaN, Infinity, -Infinity]) {
    assert.throws(() => new Uniform(v, 1), (e: Error) => e instanceof RangeError && /low/.test(e.message));
    assert.throws(() => new Uniform(0, v), (e: Error) => e instanceof RangeError && /high/.test(e.message));
  }
  for (const [a, b] of [[1, 1], [2, 1], [-1e308, 1e308]]) {
    assert.throws(() => new Uniform(a!, b!), (e: Error) => e instanceof RangeError && /low/.test(e.message) && /high/.test(e.message));
  }
  assert.throws(() => new Uniform(Float64Array.of(0, 3), Float64Array.of(1, 2)), (e: Error) => e instanceof RangeError && /\[1\]/.test(e.message));
});

test.run();
