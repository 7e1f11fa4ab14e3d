import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import {
  Tape, add, mul, sub, div, exp, log, log1p, square, sigmoid, softplus, logSigmoid, sqrt, sum, dot,
  grad, valueAndGrad, type Var, type Vec, type Scalar,
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

test("a second backward pass gives the same gradients as the first, with vector nodes on the tape", () => {
  // f(x) = Σ x_i² + Σ x_i·w_i: df/dx = 2x + w, the same however often backward runs.
  const t = new Tape();
  const x = t.variable(new Float64Array([1, 2])), w = new Float64Array([0.5, -1]);
  const f = add(sum(square(x)), dot(x, w)) as Var;
  t.backward(f);
  assert.equal(Array.from(t.gradOf(x)), [2.5, 3]);
  t.backward(f);
  assert.equal(Array.from(t.gradOf(x)), [2.5, 3]);
  // From another output: d(Σ x_i²)/dx = 2x alone, with nothing left over from the passes before.
  const s = sum(square(x));
  t.backward(s);
  assert.equal(Array.from(t.gradOf(x)), [2, 4]);
});

test("gradOf before any backward pass since the last rewind is an error, not a previous adjoint", () => {
  const t = new Tape();
  const x = t.variable(3);
  assert.throws(() => t.gradOf(x), /call backward first/);
  t.backward(mul(x, x));
  assert.is(t.gradOf(x), 6);
  t.rewind();
  const y = t.variable(3), v = t.variable(new Float64Array([1]));
  mul(y, 2);
  assert.throws(() => t.gradOf(y), /call backward first/);
  assert.throws(() => t.gradOf(v), /call backward first/);
  t.backward(y);
  const later = mul(y, 5);
  assert.throws(() => t.gradOf(later), /call backward first/);
});

test("a tape's capacity must be an integer >= 1, and a capacity of 1 grows as needed", () => {
  assert.throws(() => new Tape(0), (e: unknown) => e instanceof RangeError && /Tape: capacity must be an integer >= 1, got 0/.test((e as Error).message));
  assert.throws(() => new Tape(2.5), RangeError);
  assert.throws(() => new Tape("8" as never), TypeError);
  const t = new Tape(1);
  const x = t.variable(2);
  let y: Scalar = x;
  for (let i = 0; i < 100; i++) y = mul(y, 1.01);
  t.backward(y as Var);
  assert.ok(Math.abs(t.gradOf(x) - Math.pow(1.01, 100)) < 1e-12);
});

test("rewinding gives back the memory of one big recording once small ones follow", () => {
  // The rule (Tape.rewind): every 4th rewind, node arrays longer than 2·keep, keep = max(initial capacity, 2 × the
  // largest recording since the previous check), shrink to keep; a pooled buffer store far above recent use drops.
  const t = new Tape(16);
  const big = (): void => {
    let y: Scalar = t.variable(1);
    for (let i = 0; i < 200_000; i++) y = mul(y, 1);
    t.take(1 << 18);
  };
  const small = (): void => { add(t.variable(1), 2); t.take(8); };
  big();
  const bigCapacity = t.adjoints.length;
  assert.ok(bigCapacity >= 200_000);
  t.rewind();
  const pooled = t.take(1 << 18); // the big buffer, from the pool
  t.rewind();
  // Recordings of a few nodes: within 2 windows of 4 rewinds the arrays are back to the initial capacity.
  for (let i = 0; i < 8; i++) { small(); t.rewind(); }
  assert.is(t.adjoints.length, 16);
  assert.is(t.parents.length, 32);
  assert.is(t.partials.length, 32);
  assert.ok(t.take(1 << 18) !== pooled, "the pool dropped the big buffer");
  // A tape whose big recordings recur (here every other one) keeps its arrays.
  const u = new Tape(16);
  for (let i = 0; i < 12; i++) {
    if (i % 2 === 0) { let y: Scalar = u.variable(1); for (let k = 0; k < 5000; k++) y = mul(y, 1); }
    u.rewind();
  }
  assert.ok(u.adjoints.length >= 5000);
  // And the shrunk tape still records big graphs correctly.
  const x = t.variable(2);
  let y: Scalar = x;
  for (let i = 0; i < 100_000; i++) y = mul(y, 1);
  t.backward(y as Var);
  assert.is(t.gradOf(x), 1);
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
