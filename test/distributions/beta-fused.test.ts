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

test("constant parameters: the remembered log B(a, b) of the last pair never serves another pair", () => {
  // Number parameters, so the fused node's log B is constantLbeta's; interleave pairs (sharing a, sharing b,
  // repeating) and compare each log-density with the composed one made from plain numbers.
  const pairs = [[10, 10], [10, 3], [2, 10], [10, 10], [10, 10], [0.5, 0.5], [2, 10]] as const;
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: pairs.length - 1 }), { minLength: 2, maxLength: 20 }), fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (ks, z) => {
      for (const k of ks) {
        const [a, b] = pairs[k]!;
        const got = new Beta(a, b).logProb(z) as number, want = composed(a, b, z) as number;
        assert.ok(Math.abs(got - want) <= 1e-13 * Math.max(1, Math.abs(want)), `Beta(${a}, ${b}) at ${z}: ${got} vs ${want}`);
        const sum = new Beta(a, b).logProbSum(Float64Array.of(z, 1 - z)), wantSum = want + (composed(a, b, 1 - z) as number);
        assert.ok(Math.abs((sum as number) - wantSum) <= 1e-13 * Math.max(1, Math.abs(wantSum)));
      }
    }),
    { numRuns: 200, seed: 11 },
  );
});

test.run();
