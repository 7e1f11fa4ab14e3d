// Constraints (src/distributions/constraints.ts): the laws of each bijection from ℝ onto its set, stated as
// fast-check properties (transform ∘ inverse = id, transform maps ℝ into the set monotonically), membership tests,
// the JSON spec round trip, and the rejection of bad bounds.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { valueOf, type Var } from "../../src/autodiff/index.ts";
import { constraints, type Constraint, type ConstraintSpec } from "../../src/distributions/index.ts";
import { checkGrad } from "../helpers/check-grad.ts";

const { real, positive, unitInterval, interval, greaterThan, fromSpec } = constraints;
const EPS = 2 ** -53;

/** A constraint, the bounds that set the scale of its rounding, and values drawn from inside its set. */
interface Case {
  name: string;
  c: Constraint;
  bounds: number[];
  inside: fc.Arbitrary<number>;
}

const wide = { noNaN: true, noDefaultInfinity: true } as const;
/** lo + (hi - lo)·t, t ∈ [0, 1]: kept only where rounding leaves it strictly inside. */
const between = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.double({ min: 0, max: 1, ...wide }).map((t) => lo + (hi - lo) * t).filter((x) => x > lo && x < hi);
/** lo + d with d from 1e-300 to 1e300: kept only where it is above lo. */
const above = (lo: number): fc.Arbitrary<number> =>
  fc.double({ min: 1e-300, max: 1e300, ...wide }).map((d) => lo + d).filter((x) => x > lo && x < Infinity);

const cases: Case[] = [
  { name: "real", c: real, bounds: [], inside: fc.double({ min: -1e300, max: 1e300, ...wide }) },
  { name: "positive", c: positive, bounds: [], inside: fc.double({ min: 1e-300, max: 1e300, ...wide }) },
  // Below 1e-300 exp(u) heads into the subnormals, where it has no relative accuracy left to test.
  { name: "unitInterval", c: unitInterval, bounds: [], inside: fc.double({ min: 1e-300, max: 1, ...wide }) },
  { name: "interval(-2, 3)", c: interval(-2, 3), bounds: [-2, 3], inside: between(-2, 3) },
  { name: "interval(1e-3, 1.001e-3)", c: interval(1e-3, 1.001e-3), bounds: [1e-3, 1.001e-3], inside: between(1e-3, 1.001e-3) },
  { name: "interval(-1e6, 1e6)", c: interval(-1e6, 1e6), bounds: [-1e6, 1e6], inside: between(-1e6, 1e6) },
  { name: "greaterThan(5)", c: greaterThan(5), bounds: [5], inside: above(5) },
  { name: "greaterThan(-1e3)", c: greaterThan(-1e3), bounds: [-1e3], inside: above(-1e3) },
  { name: "greaterThan(0)", c: greaterThan(0), bounds: [0], inside: above(0) },
];

for (const { name, c, bounds, inside } of cases) {
  test(`${name}: transform(inverse(x)) = x for random x in the set, to a few ulps of (1 + |u|)·max(|x|, |bounds|)`, () => {
    // u = inverse(x) carries a relative rounding of eps, i.e. eps·|u| absolutely, and exp/σ turn that into a
    // relative error of eps·|u| in the result: for x = 1e-300, u = -690 and ~1e-13 is the best there is.
    fc.assert(
      fc.property(inside, (x) => {
        assert.ok(c.check(x), `${x} drawn outside`);
        const u = c.inverse(x);
        const back = c.transform(u) as number;
        const tol = 4 * EPS * (1 + Math.abs(u)) * Math.max(Math.abs(x), ...bounds.map(Math.abs));
        assert.ok(Math.abs(back - x) <= tol, `x = ${x}, u = ${u}, transform(u) = ${back}`);
      }),
      { numRuns: 2000 },
    );
  });

  test(`${name}: transform maps every real u with |u| <= 20 into the set, monotonically`, () => {
    // Beyond that, exp and σ saturate in double precision: 5 + e^-40 is 5, which an open set excludes.
    fc.assert(
      fc.property(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), (u, v) => {
        const x = c.transform(u) as number, y = c.transform(v) as number;
        assert.ok(c.check(x), `transform(${u}) = ${x}`);
        if (u < v) assert.ok(x <= y, `transform(${u}) = ${x} > transform(${v}) = ${y}`);
      }),
      { numRuns: 1000 },
    );
  });

  test(`${name}: transform is differentiable on nodes (central differences)`, () => {
    for (const u of [-4, -0.3, 0, 1.5, 6]) checkGrad((v) => c.transform(v as Var) as Var, [u], { h: 1e-3 });
  });

  test(`${name}: fromSpec rebuilds it from its JSON spec`, () => {
    const again = fromSpec(JSON.parse(JSON.stringify(c.spec)));
    assert.equal(again.spec, c.spec);
    for (const x of [-1e300, -5, -2, -1e-3, 0, 5e-324, 1e-3, 0.5, 1, 1.0005e-3, 3, 5, 5.5, 1e6, 1e300, Infinity, NaN]) {
      assert.is(again.check(x), c.check(x), `check(${x})`);
    }
    for (const u of [-30, -1, 0, 2.5, 30]) {
      assert.is(valueOf(again.transform(u)), valueOf(c.transform(u)), `transform(${u})`);
      assert.is(again.inverse(c.transform(u) as number), c.inverse(c.transform(u) as number), `inverse at ${u}`);
    }
  });
}

test("check() accepts exactly the members of each set", () => {
  const table: [string, Constraint, number[], number[]][] = [
    ["real", real, [-1e300, -0, 0, 5, 1e300], [NaN]],
    ["positive", positive, [5e-324, 1, 1e308], [0, -0, -1, Infinity, NaN]],
    ["unitInterval", unitInterval, [0, 5e-324, 0.5, 1 - 2 ** -53, 1], [-5e-324, 1 + 2 ** -52, -Infinity, Infinity, NaN]],
    ["interval(-2, 3)", interval(-2, 3), [-2 + 2 ** -51, 0, 3 - 2 ** -51], [-2, 3, -2.5, 4, -Infinity, Infinity, NaN]],
    ["greaterThan(5)", greaterThan(5), [5 + 2 ** -50, 6, 1e300], [5, 4, -Infinity, Infinity, NaN]],
  ];
  for (const [name, c, accepted, rejected] of table) {
    for (const x of accepted) assert.ok(c.check(x), `${name} should accept ${x}`);
    for (const x of rejected) assert.not.ok(c.check(x), `${name} should reject ${x}`);
  }
});

test("unitInterval's closed ends survive the round trip: inverse(0) = -∞, inverse(1) = +∞, and back", () => {
  assert.is(unitInterval.inverse(0), -Infinity);
  assert.is(unitInterval.inverse(1), Infinity);
  assert.is(unitInterval.transform(-Infinity), 0);
  assert.is(unitInterval.transform(Infinity), 1);
});

test("interval and greaterThan reject bounds that are not finite and ordered; fromSpec rejects unknown types", () => {
  for (const [lo, hi] of [[1, 1], [2, 1], [NaN, 1], [0, NaN], [-Infinity, 0], [0, Infinity]] as const) {
    assert.throws(() => interval(lo, hi), RangeError, `interval(${lo}, ${hi})`);
    assert.throws(() => fromSpec({ type: "interval", lo, hi }), RangeError, `fromSpec interval(${lo}, ${hi})`);
  }
  // Finite bounds whose width overflows: hi - lo = ∞ would make the transform ∞·σ(u).
  assert.throws(() => interval(-1e308, 1e308), RangeError, "interval(-1e308, 1e308)");
  for (const lo of [NaN, Infinity, -Infinity]) {
    assert.throws(() => greaterThan(lo), RangeError, `greaterThan(${lo})`);
    assert.throws(() => fromSpec({ type: "greaterThan", lo }), RangeError, `fromSpec greaterThan(${lo})`);
  }
  assert.throws(() => fromSpec({ type: "simplex" } as unknown as ConstraintSpec), TypeError);
});

test.run();
