import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import {
  Tape, add, mul, sub, div, exp, log, log1p, square, sigmoid, softplus, logSigmoid, sqrt,
  grad, valueAndGrad, type Var, type Scalar,
} from "../../src/autodiff/index.ts";
import { lgamma, digamma } from "../../src/autodiff/special.ts";
import * as sf from "../../src/special/index.ts";
import { checkGrad } from "../helpers/check-grad.ts";

test("valueAndGrad returns the value and one partial per argument, as in the README", () => {
  const { value, grad: g } = valueAndGrad((x: Var, y: Var) => add(mul(x, y), lgamma(x)))(2, 3);
  assert.is(value, 6 + sf.lgamma(2));
  assert.is(g[0], 3 + sf.digamma(2));
  assert.is(g[1], 2);
});

test("grad of a function that ignores its inputs is zero", () => {
  assert.equal(grad((_x: Var) => 5)(1), [0]);
});

test("a node shared by two paths receives both contributions", () => {
  // f = x·x + x, df/dx = 2x + 1
  const [d] = grad((x: Var) => add(mul(x, x), x))(3);
  assert.is(d, 7);
});

test("a chain of 10^6 nodes differentiates without recursion", () => {
  const n = 1_000_000;
  const { value, grad: [d] } = valueAndGrad((x: Var) => {
    let y: Scalar = x;
    for (let i = 0; i < n; i++) y = mul(y, 1.000001);
    return y;
  })(1);
  const expected = Math.pow(1.000001, n);
  assert.ok(Math.abs(value - expected) / expected < 1e-9);
  assert.ok(Math.abs(d! - expected) / expected < 1e-9);
});

test("one tape reused for many calls gives identical results and keeps its size", () => {
  const vg = valueAndGrad((x: Var, y: Var) => log(add(exp(mul(x, y)), softplus(sub(x, y)))));
  const first = vg(0.3, -1.2);
  for (let i = 0; i < 10_000; i++) vg(Math.sin(i), Math.cos(i));
  const again = vg(0.3, -1.2);
  assert.equal(again, first);
});

test("a node from another tape is rejected with a clear error", () => {
  const t1 = new Tape(), t2 = new Tape();
  const x = t1.variable(1), y = t2.variable(2);
  assert.throws(() => add(x, y), /another tape/);
});

test("a node kept past a rewind is rejected as stale", () => {
  const t = new Tape();
  const x = t.variable(1);
  t.rewind();
  assert.throws(() => exp(x), /stale/);
  assert.throws(() => t.backward(x), /stale/);
});

test("a node captured from an outer gradient call cannot leak into another call", () => {
  let leaked: Var | undefined;
  const g = grad((x: Var) => { leaked = x; return x; });
  g(1);
  assert.throws(() => grad((y: Var) => add(y, leaked!))(2), /another tape/);
});

// Random composite expressions: every gradient the tape computes must match central differences.
type Expr = { op: string; args: Expr[] } | { leaf: number };
const exprArb = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ leaf: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ op: fc.constantFrom("add", "sub", "mul", "safediv"), args: fc.tuple(tie("expr"), tie("expr")) }),
    fc.record({ op: fc.constantFrom("sigmoid", "softplus", "logSigmoid", "tanhish", "safelog", "safelgamma", "safedigamma", "safesqrt"), args: fc.tuple(tie("expr")) }),
  ),
})).expr as fc.Arbitrary<Expr>;

function evaluate(e: Expr, xs: Scalar[]): Scalar {
  if ("leaf" in e) return xs[e.leaf]!;
  const [a, b] = e.args.map((x) => evaluate(x, xs)) as [Scalar, Scalar];
  switch (e.op) {
    case "add": return add(a, b);
    case "sub": return sub(a, b);
    case "mul": return mul(a, b);
    case "safediv": return div(a, add(1, square(b))); // denominators stay >= 1
    case "sigmoid": return sigmoid(a);
    case "softplus": return softplus(a);
    case "logSigmoid": return logSigmoid(a);
    case "tanhish": return sub(mul(2, sigmoid(mul(2, a))), 1);
    case "safelog": return log(add(1e-1, square(a)));
    case "safelgamma": return lgamma(add(0.5, softplus(a)));
    case "safedigamma": return digamma(add(0.5, softplus(a)));
    default: return sqrt(add(1, square(a)));
  }
}

test("random composite expressions have gradients matching central differences", () => {
  fc.assert(
    fc.property(exprArb, fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })), (e, xs) => {
      const f = (a: Var, b: Var, c: Var): Scalar => evaluate(e, [a, b, c]);
      checkGrad(f as never, xs, { rtol: 1e-5, atolScale: 1e-6, h: 1e-4 });
    }),
    { numRuns: 300, seed: 42 },
  );
});

test.run();
