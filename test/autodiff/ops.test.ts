import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  add, sub, mul, div, pow, xlogy, xlog1py, neg, square, sqrt, exp, expm1, log, log1p,
  sigmoid, logSigmoid, softplus, abs, grad, sum, type Var, type Vec, type UnaryOp,
} from "../../src/autodiff/index.ts";
import { lgamma, digamma, lbeta } from "../../src/autodiff/special.ts";
import { checkGrad } from "../helpers/check-grad.ts";

// Awkward points for every unary primitive: near 0, large arguments, near poles and domain edges. A point is x,
// or { x, h } where the default step 1e-3·|x| would not resolve the function (exp at 700 varies on a scale of 1),
// or { x, atol } where the derivative itself vanishes and only an absolute comparison means anything.
type Point = number | { x: number; h?: number; atol?: number };
const unary: [string, UnaryOp, Point[]][] = [
  ["neg", neg, [-3, 0, 1e8]],
  ["square", square, [-1e-6, 0.5, 1e6]],
  ["sqrt", sqrt, [1e-8, 1, 1e12]],
  ["exp", exp, [{ x: -700, h: 1e-3 }, { x: -1e-9, h: 1e-3 }, 0, 3, { x: 700, h: 1e-3 }]],
  ["expm1", expm1, [{ x: -40, h: 1e-3 }, -1e-10, 1e-10, 0.5, { x: 50, h: 1e-3 }]],
  ["log", log, [1e-300, 1e-10, 1, 1e10, 1e300]],
  ["log1p", log1p, [{ x: -0.999999, h: 1e-9 }, -1e-12, 0, 1e-12, 1e6]],
  ["sigmoid", sigmoid, [{ x: -40, h: 1e-3 }, -1e-8, 0, 2, { x: 40, h: 1e-3 }]],
  ["logSigmoid", logSigmoid, [{ x: -700, h: 1e-3 }, { x: -40, h: 1e-3 }, 0, { x: 40, h: 1e-3 }, { x: 700, h: 1e-3 }]],
  // |x| is smooth away from 0: the points stay at least 1000 steps from its kink.
  ["abs", abs, [-1e300, -3, -1e-9, 1e-9, 2.5, 1e300]],
  ["softplus", softplus, [{ x: -700, h: 1e-3 }, { x: -40, h: 1e-3 }, 0, { x: 1e-9, h: 1e-3 }, { x: 40, h: 1e-3 }, { x: 700, h: 1e-3 }]],
  // Near the poles at 0, -1, -2, ... the step stays 1000 times inside the distance to the pole.
  ["lgamma", lgamma, [1e-6, 0.1, 1 + 1e-9, { x: 1.4616321449683622, atol: 1e-3 }, 2 - 1e-9, 7.5, 1e6,
    { x: -0.5, h: 5e-4 }, { x: -2.5 + 1e-4, h: 1e-7 }, { x: -150.3, h: 1e-4 }]],
  ["digamma", digamma, [1e-4, 0.3, 1, 1.4616321449683622, 2, 30, 1e6, { x: -0.5, h: 5e-4 }, { x: -3.2, h: 2e-4 }]],
];

for (const [name, op, points] of unary) {
  test(`${name} matches central differences at awkward points`, () => {
    for (const p of points) {
      const { x, h, atol } = typeof p === "number" ? { x: p } : p;
      checkGrad((v) => op(v as Var), [x], { ...(h ? { h } : {}), ...(atol ? { atolScale: atol } : {}) });
    }
  });
}

test("add, sub, mul and div match central differences for node and constant operands", () => {
  for (const [x, y] of [[2, 3], [-1e-5, 7e3], [1e4, -2.5e-2]] as const) {
    for (const op of [add, sub, mul, div]) {
      // These are polynomials or 1/y in each argument: a step on the scale of max(1, |x|) resolves them, and a
      // smaller one would drown in the rounding of the other, larger operand.
      const h = (z: number): number => 1e-3 * Math.max(1, Math.abs(z));
      checkGrad((a, b) => op(a as Var, b as Var), [x, y], { h });
      checkGrad((a) => op(a as Var, y), [x], { h });
      checkGrad((b) => op(x, b as Var), [y], { h });
    }
  }
});

test("pow matches central differences for node^number and node^node", () => {
  for (const [x, y] of [[2, 3], [0.3, -1.7], [1e-3, 0.5], [50, 2.2]] as const) {
    checkGrad((a) => pow(a as Var, y), [x]);
    checkGrad((a, b) => pow(a as Var, b as Var), [x, y]);
  }
});

test("pow at a zero base has a zero exponent-derivative for positive exponents", () => {
  const t = (a: number) => pow(0, a);
  assert.is(t(2), 0);
  // d/db 0^b at b = 2 is the limit 0, not 0 · log 0 = NaN.
  checkGrad((b) => pow(0, b as Var), [2]);
});

test("xlogy and xlog1py match central differences and give 0·log 0 = 0", () => {
  for (const [c, x] of [[2.5, 0.3], [-0.7, 4], [1e-3, 1e-6]] as const) {
    checkGrad((a, b) => xlogy(a as Var, b as Var), [c, x]);
    checkGrad((a, b) => xlog1py(a as Var, b as Var), [c, x]);
  }
  assert.is(xlogy(0, 0), 0);
  assert.is(xlog1py(0, -1), 0);
  assert.is(xlogy(2, Math.E), 2);
});

test("lbeta matches central differences for small, moderate and large concentrations", () => {
  for (const [a, b] of [[1e-3, 0.5], [16, 14], [3e4, 2e-2], [1e6, 1e6]] as const) {
    checkGrad((x, y) => lbeta(x as Var, y as Var), [a, b]);
  }
});

test("abs has derivative 0 at 0, where it has none, and sign(x) elsewhere, also on vectors", () => {
  assert.equal(grad((x: Var) => abs(x))(0), [0]);
  assert.equal(grad((x: Var) => abs(x))(-2), [-1]);
  const [g] = grad((x: Vec) => sum(abs(x)))(new Float64Array([-1e300, -0.5, 0, 3]));
  assert.equal(Array.from(g!), [-1, -1, 0, 1]);
  assert.is(abs(-2), 2);
});

test("operations on numbers alone return plain numbers", () => {
  assert.is(add(1, 2), 3);
  assert.is(mul(2, 4), 8);
  assert.is(exp(0), 1);
  assert.type(lgamma(3), "number");
});

test.run();
