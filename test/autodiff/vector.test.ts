import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  add, sub, mul, div, pow, xlogy, xlog1py, exp, log, log1p, sigmoid, softplus, logSigmoid, square, sqrt, neg, expm1,
  sum, dot, mean, logSumExp, abs, valueAndGrad, vecNode, apply1, apply2, type Var, type Vec, type UnaryOp, type BinaryOp,
} from "../../src/autodiff/index.ts";
import { lbeta, lgamma, digamma } from "../../src/autodiff/special.ts";
import { checkGrad } from "../helpers/check-grad.ts";

const v = (...xs: number[]): Float64Array => new Float64Array(xs);

test("every elementwise operation on a vector equals the scalar operation on each element", () => {
  const ops: UnaryOp[] = [neg, square, sqrt, exp, expm1, log, log1p, sigmoid, logSigmoid, softplus, abs, lgamma, digamma];
  const x = v(0.25, 1.5, 3, 40);
  for (const op of ops) {
    const { value, grad: [g] } = valueAndGrad((a: Vec) => sum(op(a)))(x);
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      s += op(x[i]!);
      const { grad: [gi] } = valueAndGrad((a: Var) => op(a))(x[i]!);
      assert.is(g![i], gi, `element ${i}`);
    }
    assert.ok(Math.abs(value - s) <= 1e-15 * Math.abs(s));
  }
});

test("binary operations broadcast a scalar node over a vector and sum its adjoint", () => {
  for (const op of [add, sub, mul, div, pow]) {
    checkGrad((x, s) => sum(op(x as Vec, s as Var)), [v(0.5, 2, 3.5), 1.3]);
    checkGrad((s, x) => sum(op(s as Var, x as Vec)), [1.3, v(0.5, 2, 3.5)]);
    checkGrad((x, y) => sum(op(x as Vec, y as Vec)), [v(0.5, 2, 3.5), v(1.1, 0.7, 2.2)]);
  }
});

test("every binary operation on vectors equals the scalar operation on each element, in value and gradient", () => {
  // Each op runs its own copy of the elementwise loop (autodiff/loops.ts), so each copy is checked here.
  const ops: BinaryOp[] = [add, sub, mul, div, pow, xlogy, xlog1py, lbeta];
  const x = v(0.25, 1.5, 3, 40), y = v(0.5, 2.5, 0.75, 7);
  for (const op of ops) {
    const { value, grad: [gx, gy] } = valueAndGrad((a: Vec, b: Vec) => sum(op(a, b)))(x, y);
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      s += op(x[i]!, y[i]!);
      const { grad: [ga, gb] } = valueAndGrad((a: Var, b: Var) => op(a, b))(x[i]!, y[i]!);
      assert.is(gx![i], ga, `d/dx, element ${i}`);
      assert.is(gy![i], gb, `d/dy, element ${i}`);
    }
    assert.ok(Math.abs(value - s) <= 1e-14 * Math.abs(s));
  }
});

test("constant vectors combine with nodes in either position", () => {
  const y = v(1, 0, 1, 1);
  checkGrad((t) => sum(mul(y, log(sigmoid(t as Var)))), [0.4]);
  checkGrad((t) => sum(sub(exp(t as Vec), y)), [v(0.1, 0.2, -0.3, 2)]);
});

test("sum, dot and mean have the right gradients", () => {
  checkGrad((x) => sum(square(x as Vec)), [v(1, -2, 3)]);
  checkGrad((x, y) => dot(x as Vec, y as Vec), [v(1, -2, 3), v(0.5, 4, -1)]);
  checkGrad((x) => dot(x as Vec, v(2, 2, 2)), [v(1, -2, 3)]);
  checkGrad((x) => mean(exp(x as Vec)), [v(1, -2, 3, 0)]);
});

test("logSumExp matches central differences at large |x| and with -Infinity entries", () => {
  // exp(x_i) overflows past 709.8 and underflows below -745: the max shift must keep both ends exact. A step of
  // 1e-3 resolves softmax, which varies on a scale of 1 whatever |x| is; a -∞ entry is probed at -∞ ± 1 = -∞.
  const h = (x: number): number => (Number.isFinite(x) ? 1e-3 : 1);
  for (const x of [v(0.5, -1, 2), v(1000, 1000.5, -1000), v(-1e4, -1e4 + 1, -1e4 - 3), v(750, 0, -750),
    v(-Infinity, 0, 1.5), v(-Infinity, -800, -801), v(42)]) {
    checkGrad((a) => logSumExp(a as Vec), [x], { h });
  }
  // Against the composed log(Σ exp) where that does not overflow.
  const x = v(0.3, -2, 1.7, 0);
  const { value, grad: [g] } = valueAndGrad((a: Vec) => logSumExp(a))(x);
  const { value: composed, grad: [gc] } = valueAndGrad((a: Vec) => log(sum(exp(a))))(x);
  assert.ok(Math.abs(value - composed) <= 1e-15 * Math.abs(composed));
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(g![i]! - gc![i]!) <= 1e-15, `element ${i}`);
});

test("logSumExp is exact where the sum is known and follows its stated rule at infinite maxima", () => {
  // n equal entries: log(n e^c) = c + log n, at scales where exp(c) itself over- or underflows.
  assert.is(logSumExp(v(1000, 1000)), 1000 + Math.log(2));
  assert.is(logSumExp(v(-1e4, -1e4, -1e4)), -1e4 + Math.log(3));
  assert.is(logSumExp(v(-Infinity, 0)), 0);
  assert.is(logSumExp(v()), -Infinity); // log of an empty sum
  // All entries -∞: the value is -∞ and the partials spread equally (softmax's limit over ties).
  const { value, grad: [g] } = valueAndGrad((a: Vec) => logSumExp(a))(v(-Infinity, -Infinity));
  assert.is(value, -Infinity);
  assert.equal(Array.from(g!), [0.5, 0.5]);
  const { value: vInf, grad: [gInf] } = valueAndGrad((a: Vec) => logSumExp(a))(v(Infinity, 3, Infinity));
  assert.is(vInf, Infinity);
  assert.equal(Array.from(gInf!), [0.5, 0, 0.5]);
  // A vector that already holds an adjoint adds the softmax to it.
  checkGrad((a) => add(logSumExp(a as Vec), sum(a as Vec)), [v(1, 2, 3)]);
});

test("the Bernoulli log-likelihood over logits has gradient y - sigmoid(theta)", () => {
  const n = 1000;
  const theta = new Float64Array(n).map((_, i) => Math.sin(i) * 3);
  const y = new Float64Array(n).map((_, i) => (i % 3 === 0 ? 1 : 0));
  const { grad: [g] } = valueAndGrad((t: Vec) => {
    const p = sigmoid(t);
    return sum(add(mul(y, log(p)), mul(sub(1, y), log(sub(1, p)))));
  })(theta);
  for (let i = 0; i < n; i++) {
    const expected = y[i]! - 1 / (1 + Math.exp(-theta[i]!));
    assert.ok(Math.abs(g![i]! - expected) <= 1e-12, `element ${i}`);
  }
});

test("a vector used twice, or by ops of every kind, sums all its contributions", () => {
  // The first contribution to a vector adjoint assigns and later ones add (tape.ts, Vec.adjoint): add(x, x) and a
  // custom op that adds with .adjointOrZeros must all land.
  const x0 = v(0.5, -1.25, 2);
  const { grad: [g] } = valueAndGrad((x: Vec) => {
    const doubled = add(x, x);
    const custom = vecNode(x.tape, x.value.map((xi) => 3 * xi));
    x.tape.pushBackward(custom.index, () => {
      const ga = custom.adjoint;
      if (ga) for (let i = 0; i < ga.length; i++) x.adjointOrZeros[i]! += 3 * ga[i]!;
    });
    return add(sum(mul(doubled, x)), sum(custom));
  })(x0);
  for (let i = 0; i < x0.length; i++) assert.is(g![i], 4 * x0[i]! + 3, `element ${i}`);
});

test("a vector node that does not reach the output contributes nothing", () => {
  const { value, grad: [g] } = valueAndGrad((x: Vec) => {
    exp(x); // recorded, never used
    return sum(square(x));
  })(v(1, 2));
  assert.is(value, 5);
  assert.equal(Array.from(g!), [2, 4]);
  const { grad: [g0] } = valueAndGrad((x: Vec, s: Var) => mul(s, 2))(v(1, 2), 1);
  assert.equal(Array.from(g0 as unknown as Float64Array), [0, 0]);
});

test("a custom op without its own loop takes the shared one and gets the same gradient", () => {
  const cube = (x: Vec | Var) => apply1(x, (a) => a * a * a, (a) => 3 * a * a);
  const times = (x: Vec | Var, y: Vec | Var) => apply2(x, y, (a, b) => a * b, (_a, b) => b, (a) => a);
  checkGrad((x) => sum(cube(x as Vec) as Vec), [v(0.5, -2, 3)]);
  checkGrad((x, s) => sum(times(x as Vec, s as Var) as Vec), [v(0.5, -2, 3), 1.5]);
  checkGrad((s, x) => sum(times(s as Var, x as Vec) as Vec), [1.5, v(0.5, -2, 3)]);
});

test("vectors of different lengths are rejected", () => {
  assert.throws(() => valueAndGrad((x: Vec) => sum(add(x, v(1, 2))))(v(1, 2, 3)), RangeError);
  assert.throws(() => dot(v(1), v(1, 2)), RangeError);
});

test("operations on constant vectors return plain arrays", () => {
  const r = add(v(1, 2), 3);
  assert.instance(r, Float64Array);
  assert.equal(Array.from(r), [4, 5]);
  assert.is(sum(v(1, 2, 3)), 6);
  assert.is(mean(v(1, 2, 3)), 2);
});

test.run();
