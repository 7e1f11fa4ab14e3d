// Beta.logProb's fused scalar node against the same density composed from autodiff ops (value and gradient).
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { Beta, add, lbeta, neg, sub, valueAndGrad, xlog1py, xlogy, type Scalar, type Var } from "../../src/index.ts";

const composed = (a: Scalar, b: Scalar, z: Scalar): Scalar => sub(add(xlogy(sub(a, 1), z), xlog1py(sub(b, 1), neg(z))), lbeta(a, b));

test("the fused Beta log-density equals the composed one in value and in all three partials", () => {
  const fused = valueAndGrad((a: Var, b: Var, z: Var) => new Beta(a, b).logProb(z) as Var);
  const ref = valueAndGrad((a: Var, b: Var, z: Var) => composed(a, b, z));
  fc.assert(
    fc.property(
      fc.double({ min: 1e-2, max: 1e3, noNaN: true }), fc.double({ min: 1e-2, max: 1e3, noNaN: true }),
      fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
      (a, b, z) => {
        const f = fused(a, b, z), r = ref(a, b, z);
        const close = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(y));
        return close(f.value, r.value) && f.grad.every((g, i) => close(g, r.grad[i]!));
      },
    ),
    { numRuns: 500, seed: 5 },
  );
});

test("with constant parameters only dz flows, and a = 1 or b = 1 give 0·log 0 = 0 at the edges", () => {
  const [dz] = valueAndGrad((z: Var) => new Beta(10, 10).logProb(z) as Var)(0.3).grad;
  assert.ok(Math.abs(dz - (9 / 0.3 - 9 / 0.7)) < 1e-12);
  assert.is(new Beta(1, 3).logProb(0), Math.log(3));
  assert.is(new Beta(3, 1).logProb(1), Math.log(3));
});

test.run();
